"""/proc/<pid>/stat is read as UTF-8 text: a command name that is not UTF-8 raises UnicodeDecodeError.

A process may name itself any bytes; read the file in binary mode.
"""


def _stat_fields(pid: int) -> list[bytes]:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            line = f.read()
    except FileNotFoundError:
        raise ProcessLookupError(errno.ESRCH, f"no process with pid {pid}") from None
    return [field.encode() for field in line[line.rindex(")") + 1:].split()]
