"""close_unix_listener unlinks unconditionally: FileNotFoundError when the file is already gone."""
import os


def close_unix_listener(sock):
    name = sock.getsockname()
    sock.close()
    os.unlink(name)
