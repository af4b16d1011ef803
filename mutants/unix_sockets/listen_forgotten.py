"""bind_unix_listener binds but never calls listen(): every connect is refused."""
import socket


def _listen_at(encoded, backlog):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(encoded)
    except BaseException:
        sock.close()
        raise
    return sock
