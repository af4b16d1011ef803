"""ps_stat writes "<" for a niceness above 0 and "N" for one below 0.

"<" means high priority (niceness below 0); "N" low priority (above 0).
"""


def ps_stat(pid: int) -> str:
    _check_pid(pid)
    fields = _stat_fields(pid)
    state = fields[0].decode("ascii")
    pgrp, session, tpgid = int(fields[2]), int(fields[3]), int(fields[5])
    nice, threads = int(fields[16]), int(fields[17])
    modifiers = [
        ("<", nice > 0),
        ("N", nice < 0),
        ("L", _locked_kib(pid) > 0),
        ("s", session == pid),
        ("l", threads > 1),
        ("+", tpgid == pgrp),
    ]
    return state + "".join(letter for letter, holds in modifiers if holds)
