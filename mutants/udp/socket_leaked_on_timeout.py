"""udp_request closes its socket after a reply but not when it gives up with TimeoutError."""
import socket


def udp_request(address, payload, timeout=1.0, retries=3):
    payload = memoryview(payload).tobytes()
    _check_args(payload, timeout, retries)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _attempt in range(retries + 1):
        sock.settimeout(timeout)
        sock.sendto(payload, address)
        reply = _wait_for_reply(sock, address, timeout)
        if reply is not None:
            sock.close()
            return reply
    raise TimeoutError(f"no reply from {address!r} after {retries + 1} sends")
