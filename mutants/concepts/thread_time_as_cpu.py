"""CPU time from time.thread_time: the work of other threads is missed."""
import time


def measure(fn, *args) -> tuple[float, float]:
    cpu_start, wall_start = time.thread_time(), time.perf_counter()
    fn(*args)
    return time.thread_time() - cpu_start, time.perf_counter() - wall_start
