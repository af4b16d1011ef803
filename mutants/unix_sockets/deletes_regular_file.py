"""bind_unix_listener takes every refused connect for a stale socket and unlinks the path: a regular file, a FIFO, a link is deleted.

connect() to a path that is no socket is refused too (ECONNREFUSED), so the
probe alone cannot tell a stale socket from somebody's data: lstat first.
"""
import os
import socket


def _clear_path(encoded, path):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(encoded)
        except ConnectionRefusedError:
            os.unlink(encoded)  # "stale": but it may be anything
        except FileNotFoundError:
            pass
        else:
            raise OSError(errno.EADDRINUSE, "in use", path)
