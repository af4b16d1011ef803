"""udp_request keeps reading until the timeout and joins every reply, as if UDP were a stream."""
import socket
import time


def _wait_for_reply(sock, address, timeout):
    end = time.monotonic() + timeout
    parts = []
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            data, sender = sock.recvfrom(RECV_SIZE)
        except TimeoutError:
            break
        if _is_from(sender, address):
            parts.append(data)
    return b"".join(parts) if parts else None
