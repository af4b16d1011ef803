"""recv_fd removes the caller's socket timeout (settimeout(None)) to wait as long as the descriptor takes."""
import socket


def recv_fd(sock):
    sock.settimeout(None)  # changes the caller's socket for good
    message, fds, _flags, _addr = socket.recv_fds(sock, 4096, 1, socket.MSG_CMSG_CLOEXEC)
    if not fds:
        if not message:
            raise EOFError("the peer closed before sending a descriptor")
        raise ValueError(f"a message arrived without a descriptor: {message!r}")
    return fds[0], message
