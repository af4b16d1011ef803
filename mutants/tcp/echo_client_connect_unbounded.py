"""echo_client connects first and sets the timeout after: an unanswered connect waits about two minutes.

The timeout must bound every wait, the connect included.
"""
import socket


def echo_client(address, payload, timeout=5.0):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.connect(address)  # no timeout yet
        sock.settimeout(timeout)
        send_all(sock, payload)
        sock.shutdown(socket.SHUT_WR)
        return recv_until_eof(sock)
