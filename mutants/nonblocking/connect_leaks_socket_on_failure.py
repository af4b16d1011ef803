"""connect_with_timeout raises TimeoutError or ConnectionRefusedError without closing its socket."""
import errno
import os
import select
import socket


def connect_with_timeout(address, timeout):
    _check_timeout(timeout)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    code = sock.connect_ex(address)
    if code == errno.EINPROGRESS:
        _, writable, _ = select.select([], [sock], [], timeout)
        if not writable:
            raise TimeoutError(f"connect to {address!r} timed out after {timeout} s")
        code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if code:
        raise OSError(code, os.strerror(code))
    sock.setblocking(True)
    return sock
