"""describe_socket returns getsockopt's int for reuse_address instead of a bool."""
import socket

_reference_describe = describe_socket


def describe_socket(sock):
    info = _reference_describe(sock)
    info["reuse_address"] = sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
    return info
