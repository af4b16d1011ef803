"""Anything that opens is served: a FIFO or a device gets 200 (empty, or endless)."""
import os


def open_regular(path):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except PermissionError:
        raise NotServed(403) from None
    except OSError:
        raise NotServed(404) from None
    return fd, os.fstat(fd).st_size
