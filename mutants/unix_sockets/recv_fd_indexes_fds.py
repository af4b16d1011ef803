"""recv_fd takes fds[0] without looking: IndexError for a message without a descriptor."""
import socket


def recv_fd(sock):
    message, fds, _flags, _addr = socket.recv_fds(sock, 4096, 1)
    if not message:
        raise EOFError("the peer closed before sending a descriptor")
    return fds[0], message
