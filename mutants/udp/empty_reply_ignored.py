"""udp_request treats an empty reply like no reply (if data: return), a TCP habit."""
import socket
import time


def _wait_for_reply(sock, address, timeout):
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            data, sender = sock.recvfrom(RECV_SIZE)
        except TimeoutError:
            return None
        if data and _is_from(sender, address):
            return data
