"""The waiting functions poll a non-blocking socket in a loop until the time is up (busy waiting)."""
import errno
import os
import socket
import time


def recv_with_timeout(sock, n, timeout):
    _check_timeout(timeout)
    end = time.monotonic() + timeout
    with _temporary_timeout(sock, 0.0):
        while time.monotonic() < end:
            try:
                return sock.recv(n)
            except BlockingIOError:
                continue
    return None


def accept_with_timeout(listener, timeout):
    _check_timeout(timeout)
    end = time.monotonic() + timeout
    with _temporary_timeout(listener, 0.0):
        while time.monotonic() < end:
            try:
                conn, address = listener.accept()
            except BlockingIOError:
                continue
            conn.setblocking(True)
            return conn, address
    return None


def connect_with_timeout(address, timeout):
    _check_timeout(timeout)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        end = time.monotonic() + timeout
        code = sock.connect_ex(address)
        while code in (errno.EINPROGRESS, errno.EALREADY):
            if time.monotonic() >= end:
                raise TimeoutError(f"connect to {address!r} timed out")
            code = sock.connect_ex(address)
        if code == errno.EISCONN:
            code = 0
        if code:
            raise OSError(code, os.strerror(code))
        sock.setblocking(True)
        return sock
    except BaseException:
        sock.close()
        raise
