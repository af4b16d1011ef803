"""describe_socket calls setsockopt(SO_REUSEADDR, 1) instead of getsockopt: it reports True and changes the socket."""
import socket

_reference_describe = describe_socket


def describe_socket(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    return _reference_describe(sock)
