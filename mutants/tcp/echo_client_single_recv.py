"""echo_client reads the reply with a single recv instead of until EOF."""
import socket


def echo_client(address, payload, timeout=5.0):
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        return sock.recv(4096)
