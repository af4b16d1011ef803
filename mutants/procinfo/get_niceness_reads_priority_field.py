"""get_niceness reads field 18 of /proc/<pid>/stat (the kernel's priority, 20 + nice) instead of field 19.

A process at niceness 0 reports 20.
"""


def get_niceness(pid: int) -> int:
    _check_pid(pid)
    return int(_stat_fields(pid)[15])
