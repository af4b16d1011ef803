"""buffer_sizes returns (SO_RCVBUF, SO_SNDBUF): receive first."""
import socket


def buffer_sizes(sock):
    return (sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF),
            sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF))
