"""The pid is used unchecked: True reads /proc/True, and get_niceness(0) reads the caller's own niceness.

A bool or a non-int pid is a TypeError; 0 and negative pids a ValueError.
"""


def _check_pid(pid) -> None:
    pass
