# hostile: finds the pytest process grading it (ancestors running pytest
# with --sealed) and SIGKILLs their process groups and themselves, then
# waits for ever
import os as _os
import signal as _signal
import time as _time


def _graders():
    found, pid = [], _os.getppid()
    while pid > 1:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = f.read().split(b"\0")
            if b"--sealed" in args and b"pytest" in args:
                found.append(pid)
            with open(f"/proc/{pid}/stat", "rb") as f:
                data = f.read()
            pid = int(data[data.rfind(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return found


def recv_until_eof(sock):
    for pid in reversed(_graders()):   # the outermost (pytest itself) first
        try:
            _os.killpg(_os.getpgid(pid), _signal.SIGKILL)
        except OSError:
            pass
        try:
            _os.kill(pid, _signal.SIGKILL)
        except OSError:
            pass
    while True:
        _time.sleep(1)
