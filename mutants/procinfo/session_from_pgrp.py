"""ps_stat writes "s" for a process-group leader (pid == pgrp) instead of a session leader (pid == sid).

A job in its own process group is not a session leader.
"""


def ps_stat(pid: int) -> str:
    _check_pid(pid)
    fields = _stat_fields(pid)
    state = fields[0].decode("ascii")
    pgrp, tpgid = int(fields[2]), int(fields[5])
    nice, threads = int(fields[16]), int(fields[17])
    modifiers = [
        ("<", nice < 0),
        ("N", nice > 0),
        ("L", _locked_kib(pid) > 0),
        ("s", pgrp == pid),
        ("l", threads > 1),
        ("+", tpgid == pgrp),
    ]
    return state + "".join(letter for letter, holds in modifiers if holds)
