"""recv_fd reports "no descriptor" (ValueError) also at end of stream, where EOFError is due."""
import socket


def recv_fd(sock):
    message, fds, _flags, _addr = socket.recv_fds(sock, 4096, 1)
    if not fds:
        raise ValueError(f"no descriptor arrived with {message!r}")
    return fds[0], message
