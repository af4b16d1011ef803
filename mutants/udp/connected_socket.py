"""udp_request connect()s its UDP socket: an ICMP port unreachable comes back as ConnectionRefusedError."""
import socket


def udp_request(address, payload, timeout=1.0, retries=3):
    payload = memoryview(payload).tobytes()
    _check_args(payload, timeout, retries)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(address)  # the kernel now drops datagrams from others
        for _attempt in range(retries + 1):
            sock.settimeout(timeout)
            sock.send(payload)
            try:
                return sock.recv(65535)
            except TimeoutError:
                continue
    raise TimeoutError(f"no reply from {address!r} after {retries + 1} sends")
