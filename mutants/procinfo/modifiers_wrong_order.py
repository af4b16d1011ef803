"""ps_stat writes the modifiers in the order s, l, +, <, N, L instead of ps's <NLsl+.

A niced, mlocked, threaded foreground session leader shows "Ssl+<L", not "S<Lsl+".
"""


def ps_stat(pid: int) -> str:
    _check_pid(pid)
    fields = _stat_fields(pid)
    state = fields[0].decode("ascii")
    pgrp, session, tpgid = int(fields[2]), int(fields[3]), int(fields[5])
    nice, threads = int(fields[16]), int(fields[17])
    modifiers = [
        ("s", session == pid),
        ("l", threads > 1),
        ("+", tpgid == pgrp),
        ("<", nice < 0),
        ("N", nice > 0),
        ("L", _locked_kib(pid) > 0),
    ]
    return state + "".join(letter for letter, holds in modifiers if holds)
