# hostile: closes stdin, stdout and stderr at import and in a function
import os as _os

for _fd in (0, 1, 2):
    try:
        _os.close(_fd)
    except OSError:
        pass

_honest_recv_until_eof = recv_until_eof


def recv_until_eof(sock):
    for fd in (0, 1, 2):
        try:
            _os.close(fd)
        except OSError:
            pass
    return _honest_recv_until_eof(sock)
