"""bind_unix_listener makes its socket first and raises without closing it when the path is in use."""
import socket


def bind_unix_listener(path, backlog=128):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    encoded = _encoded_path(path)
    _clear_path(encoded, path)  # raises: sock is never closed
    sock.bind(encoded)
    sock.listen(backlog)
    return sock
