"""udp_request never closes its socket (created before the argument checks), leaving it to the garbage collector."""
import socket


def udp_request(address, payload, timeout=1.0, retries=3):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    payload = memoryview(payload).tobytes()
    _check_args(payload, timeout, retries)
    for _attempt in range(retries + 1):
        sock.settimeout(timeout)
        sock.sendto(payload, address)
        reply = _wait_for_reply(sock, address, timeout)
        if reply is not None:
            return reply
    raise TimeoutError(f"no reply from {address!r} after {retries + 1} sends")
