"""close_unix_listener removes whatever is at the path, also a regular file put there after binding."""
import contextlib
import os


def close_unix_listener(sock):
    name = sock.getsockname()
    sock.close()
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name)  # without asking whether it is still a socket
