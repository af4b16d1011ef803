"""make_listener sets SO_REUSEADDR whatever reuse_address says."""
import socket


def make_listener(host="127.0.0.1", port=0, backlog=128, reuse_address=True):
    _check_int("port", port, 0, 65535)
    _check_int("backlog", backlog, 0)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock
