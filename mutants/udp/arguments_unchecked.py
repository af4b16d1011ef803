"""udp_request checks no argument: int(retries) coerces, the OS complains about the rest (without the value)."""
import socket


def udp_request(address, payload, timeout=1.0, retries=3):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _attempt in range(int(retries) + 1):
            sock.settimeout(timeout)
            sock.sendto(payload, address)
            reply = _wait_for_reply(sock, address, timeout)
            if reply is not None:
                return reply
    raise TimeoutError(f"no reply from {address!r} after {retries} retries")
