"""udp_request gives every recvfrom the full timeout, so each stranger's datagram restarts the wait."""
import socket


def _wait_for_reply(sock, address, timeout):
    while True:
        sock.settimeout(timeout)
        try:
            data, sender = sock.recvfrom(RECV_SIZE)
        except TimeoutError:
            return None
        if _is_from(sender, address):
            return data
