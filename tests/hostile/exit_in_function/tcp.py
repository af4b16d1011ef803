# hostile: the calling process ends, status 0
import os as _os


def recv_until_eof(sock):
    _os._exit(0)
