"""echo_client never calls shutdown(SHUT_WR): it and the server wait for each other."""
import socket


def echo_client(address, payload, timeout=5.0):
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(payload)
        return recv_until_eof(sock)
