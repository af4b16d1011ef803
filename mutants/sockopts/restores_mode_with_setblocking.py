"""describe_socket makes the socket non-blocking "to be safe" and restores it with setblocking: a timeout is lost."""

_reference_describe = describe_socket


def describe_socket(sock):
    blocking = sock.getblocking()
    timeout = sock.gettimeout()
    sock.setblocking(False)
    try:
        info = _reference_describe(sock)
    finally:
        sock.setblocking(blocking)
    info["blocking"], info["timeout"] = blocking, timeout
    return info
