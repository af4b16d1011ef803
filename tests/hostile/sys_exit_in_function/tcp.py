# hostile: raises SystemExit(0)
import sys as _sys


def recv_until_eof(sock):
    _sys.exit(0)
