"""buffer_sizes halves the kernel's numbers to "undo" Linux's doubling."""
import socket


def buffer_sizes(sock):
    return (sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) // 2,
            sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) // 2)
