"""ps_stat expects a VmLck line in /proc/<pid>/status, which a zombie does not have.

The missing line raises KeyError instead of counting as 0.
"""


def _locked_kib(pid: int) -> int:
    status = {}
    for line in _read_proc(pid, "status").splitlines():
        key, _, value = line.partition(b":")
        status[key] = value
    return int(status[b"VmLck"].split()[0])
