# hostile: writes 100 MB to stdout (and to descriptor 1) in a function
import os as _os
import sys as _sys

_honest_recv_until_eof = recv_until_eof


def recv_until_eof(sock):
    block = "x" * (1 << 20)
    for _ in range(50):
        _sys.stdout.write(block)
    _sys.stdout.flush()
    raw = b"y" * (1 << 20)
    for _ in range(50):
        try:
            _os.write(1, raw)
        except OSError:
            break
    return _honest_recv_until_eof(sock)
