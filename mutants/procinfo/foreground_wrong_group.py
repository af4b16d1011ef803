"""ps_stat writes "+" when the pid (not the process group) equals tpgid.

Only the leader of the foreground group gets "+"; the other processes of the
foreground job do not.
"""


def ps_stat(pid: int) -> str:
    _check_pid(pid)
    fields = _stat_fields(pid)
    state = fields[0].decode("ascii")
    session, tpgid = int(fields[3]), int(fields[5])
    nice, threads = int(fields[16]), int(fields[17])
    modifiers = [
        ("<", nice < 0),
        ("N", nice > 0),
        ("L", _locked_kib(pid) > 0),
        ("s", session == pid),
        ("l", threads > 1),
        ("+", tpgid == pid),
    ]
    return state + "".join(letter for letter, holds in modifiers if holds)
