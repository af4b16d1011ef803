"""process_state takes field 4 (ppid) for the state: fields counted from 0 after the name.

The state is field 3 of man 5 proc, the first one after the command name.
"""


def process_state(pid: int) -> str:
    _check_pid(pid)
    return _stat_fields(pid)[1].decode("ascii")
