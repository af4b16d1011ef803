"""ps_stat writes "l" for one thread or more, so every process looks multi-threaded.

"l" means more than one thread (num_threads > 1).
"""


def ps_stat(pid: int) -> str:
    _check_pid(pid)
    fields = _stat_fields(pid)
    state = fields[0].decode("ascii")
    pgrp, session, tpgid = int(fields[2]), int(fields[3]), int(fields[5])
    nice, threads = int(fields[16]), int(fields[17])
    modifiers = [
        ("<", nice < 0),
        ("N", nice > 0),
        ("L", _locked_kib(pid) > 0),
        ("s", session == pid),
        ("l", threads >= 1),
        ("+", tpgid == pgrp),
    ]
    return state + "".join(letter for letter, holds in modifiers if holds)
