"""CPU time of the child processes (RUSAGE_CHILDREN) instead of this process."""
import resource
import time


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(fn, *args) -> tuple[float, float]:
    cpu_start, wall_start = _cpu(), time.perf_counter()
    fn(*args)
    return _cpu() - cpu_start, time.perf_counter() - wall_start
