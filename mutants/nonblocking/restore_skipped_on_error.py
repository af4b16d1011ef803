"""The helpers restore the caller's timeout after a normal return only, not when an error escapes (no finally)."""
import contextlib


@contextlib.contextmanager
def _temporary_timeout(sock, timeout):
    saved = sock.gettimeout()
    sock.settimeout(timeout)
    yield sock
    sock.settimeout(saved)
