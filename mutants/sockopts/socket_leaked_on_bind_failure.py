"""make_listener does not close its socket when bind fails."""
import socket


def make_listener(host="127.0.0.1", port=0, backlog=128, reuse_address=True):
    _check_int("port", port, 0, 65535)
    _check_int("backlog", backlog, 0)
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET,
                         socket.SOCK_STREAM)
    if reuse_address:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    return sock
