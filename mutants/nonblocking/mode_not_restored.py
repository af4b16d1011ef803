"""The helpers change the caller's socket (setblocking(False), settimeout) and never put it back."""
import contextlib


@contextlib.contextmanager
def _temporary_timeout(sock, timeout):
    sock.settimeout(timeout)
    yield sock
