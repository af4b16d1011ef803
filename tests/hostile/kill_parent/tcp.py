# hostile: SIGKILLs the process that started it, then waits for ever
import os as _os
import signal as _signal
import time as _time


def recv_until_eof(sock):
    _os.kill(_os.getppid(), _signal.SIGKILL)
    while True:
        _time.sleep(1)
