"""udp_request makes `retries` attempts in all instead of retries + 1."""
import socket


def udp_request(address, payload, timeout=1.0, retries=3):
    payload = memoryview(payload).tobytes()
    _check_args(payload, timeout, retries)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _attempt in range(max(retries, 1)):
            sock.settimeout(timeout)
            sock.sendto(payload, address)
            reply = _wait_for_reply(sock, address, timeout)
            if reply is not None:
                return reply
    raise TimeoutError(f"no reply from {address!r}")
