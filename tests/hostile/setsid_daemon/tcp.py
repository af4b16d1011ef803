# hostile: answers correctly, but leaves a double-forked setsid daemon behind
import os as _os
import time as _time

_honest_recv_until_eof = recv_until_eof


def recv_until_eof(sock):
    child = _os.fork()
    if child == 0:
        try:
            _os.setsid()
            if _os.fork() == 0:
                while True:
                    _time.sleep(1)
        finally:
            _os._exit(0)
    _os.waitpid(child, 0)
    return _honest_recv_until_eof(sock)
