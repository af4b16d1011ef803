"""echo_client connects without a timeout: a server that never answers hangs it."""
import socket


def echo_client(address, payload, timeout=5.0):
    with socket.create_connection(address) as sock:
        send_all(sock, payload)
        sock.shutdown(socket.SHUT_WR)
        return recv_until_eof(sock)
