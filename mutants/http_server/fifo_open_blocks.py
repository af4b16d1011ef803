"""The file is opened without O_NONBLOCK: opening a FIFO waits for a writer and the server hangs."""
import os
import stat


def open_regular(path):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except PermissionError:
        raise NotServed(403) from None
    except OSError:
        raise NotServed(404) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotServed(404)
    return fd, info.st_size
