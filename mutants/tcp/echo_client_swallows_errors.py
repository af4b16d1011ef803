"""echo_client catches connection errors and returns b'' instead of raising."""
import socket


def echo_client(address, payload, timeout=5.0):
    try:
        with socket.create_connection(address, timeout=timeout) as sock:
            send_all(sock, payload)
            sock.shutdown(socket.SHUT_WR)
            return recv_until_eof(sock)
    except OSError:
        return b""
