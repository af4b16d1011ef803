"""bind_unix_listener looks at the path with os.stat, which follows a symbolic link: a link to a socket is taken for the socket (and a link to a stale one is deleted)."""
import os
import stat


def _clear_path(encoded, path):
    try:
        mode = os.stat(encoded).st_mode  # the target's type, not the link's
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise FileExistsError(errno.EEXIST, "not a socket file", path)
    if _is_live(encoded):
        raise OSError(errno.EADDRINUSE, "a live server listens here", path)
    os.unlink(encoded)
