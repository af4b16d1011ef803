"""make_listener converts port and backlog with int() first, so "0", 0.0 and True are taken as numbers."""
import socket


def make_listener(host="127.0.0.1", port=0, backlog=128, reuse_address=True):
    port, backlog = int(port), int(backlog)
    if not 0 <= port <= 65535:
        raise ValueError(f"port must be 0-65535, got {port!r}")
    if backlog < 0:
        raise ValueError(f"backlog must be >= 0, got {backlog!r}")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if reuse_address:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock
