"""A missing process raises FileNotFoundError (from opening /proc/<pid>/...) instead of ProcessLookupError.

get_niceness reads the nice field of /proc/<pid>/stat the same way.
"""


def _read_proc(pid: int, name: str) -> bytes:
    with open(f"/proc/{pid}/{name}", "rb") as f:
        return f.read()


def get_niceness(pid: int) -> int:
    _check_pid(pid)
    return int(_stat_fields(pid)[16])
