"""bind_unix_listener never checks the path's length: bind raises OSError ("AF_UNIX path too long"), and "" autobinds to an abstract name."""
import os


def _encoded_path(path):
    return os.fsencode(path)
