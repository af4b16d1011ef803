"""udp_request sends once and gives up after one timeout: retries is ignored."""
import socket


def udp_request(address, payload, timeout=1.0, retries=3):
    payload = memoryview(payload).tobytes()
    _check_args(payload, timeout, retries)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(payload, address)
        reply = _wait_for_reply(sock, address, timeout)
        if reply is not None:
            return reply
    raise TimeoutError(f"no reply from {address!r}")
