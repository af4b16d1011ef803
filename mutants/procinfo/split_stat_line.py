"""The /proc/<pid>/stat line is split() whole, so a command name with spaces shifts every field.

A process named ") Z (" reads as a zombie; "a b c d" as state "b".
"""


def _stat_fields(pid: int) -> list[bytes]:
    return _read_proc(pid, "stat").split()[2:]
