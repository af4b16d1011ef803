"""udp_request returns what recvfrom returns, the (data, address) pair, instead of the data."""
import socket


def udp_request(address, payload, timeout=1.0, retries=3):
    payload = memoryview(payload).tobytes()
    _check_args(payload, timeout, retries)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _attempt in range(retries + 1):
            sock.settimeout(timeout)
            sock.sendto(payload, address)
            try:
                return sock.recvfrom(RECV_SIZE)
            except TimeoutError:
                continue
    raise TimeoutError(f"no reply from {address!r} after {retries + 1} sends")
