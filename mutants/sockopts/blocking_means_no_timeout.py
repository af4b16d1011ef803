"""describe_socket reports blocking as `gettimeout() is None`: a socket with a timeout counts as non-blocking."""

_reference_describe = describe_socket


def describe_socket(sock):
    info = _reference_describe(sock)
    info["blocking"] = sock.gettimeout() is None
    return info
