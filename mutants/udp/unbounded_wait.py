"""udp_request waits for a reply with a blocking recvfrom and no timeout."""
import socket


def _wait_for_reply(sock, address, timeout):
    sock.settimeout(None)
    while True:
        data, sender = sock.recvfrom(RECV_SIZE)
        if _is_from(sender, address):
            return data
