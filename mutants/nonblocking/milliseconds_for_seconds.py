"""recv_with_timeout and accept_with_timeout take the timeout as milliseconds: settimeout(timeout * 1000)."""
import socket


def recv_with_timeout(sock, n, timeout):
    _check_timeout(timeout)
    with _temporary_timeout(sock, timeout * 1000):
        try:
            return sock.recv(n)
        except TimeoutError:
            return None


def accept_with_timeout(listener, timeout):
    _check_timeout(timeout)
    with _temporary_timeout(listener, timeout * 1000):
        try:
            conn, address = listener.accept()
        except TimeoutError:
            return None
    conn.setblocking(True)
    return conn, address
