"""The helpers "restore" the socket with setblocking(True): a timeout or a non-blocking mode is lost."""
import contextlib


@contextlib.contextmanager
def _temporary_timeout(sock, timeout):
    sock.settimeout(timeout)
    try:
        yield sock
    finally:
        sock.setblocking(True)
