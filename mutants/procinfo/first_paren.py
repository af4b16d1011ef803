"""The fields are taken after the first ")" instead of the last one.

A command name holding ")" (") Z (", "x) T (y") cuts the line inside the name.
"""


def _stat_fields(pid: int) -> list[bytes]:
    line = _read_proc(pid, "stat")
    return line[line.index(b")") + 1:].split()
