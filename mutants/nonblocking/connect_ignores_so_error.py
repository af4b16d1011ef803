"""connect_with_timeout takes "writable" for "connected" without reading SO_ERROR: a refused connect is returned as a socket."""
import errno
import select
import socket


def connect_with_timeout(address, timeout):
    _check_timeout(timeout)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        sock.connect_ex(address)
        _, writable, _ = select.select([], [sock], [], timeout)
        if not writable:
            raise TimeoutError(f"connect to {address!r} timed out after {timeout} s")
        sock.setblocking(True)
        return sock
    except BaseException:
        sock.close()
        raise
