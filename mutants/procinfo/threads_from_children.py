"""ps_stat writes "l" when the process has child processes (the notes' "有子进程链接"), not when it has threads.

"l" means multi-threaded: num_threads (field 20) above 1.
"""
import os as _os


def _has_children(pid: int) -> bool:
    for name in _os.listdir("/proc"):
        if name.isdigit():
            try:
                if int(_stat_fields(int(name))[1]) == pid:
                    return True
            except (ProcessLookupError, ValueError):
                continue
    return False


def ps_stat(pid: int) -> str:
    _check_pid(pid)
    fields = _stat_fields(pid)
    state = fields[0].decode("ascii")
    pgrp, session, tpgid = int(fields[2]), int(fields[3]), int(fields[5])
    nice = int(fields[16])
    modifiers = [
        ("<", nice < 0),
        ("N", nice > 0),
        ("L", _locked_kib(pid) > 0),
        ("s", session == pid),
        ("l", _has_children(pid)),
        ("+", tpgid == pgrp),
    ]
    return state + "".join(letter for letter, holds in modifiers if holds)
