"""CPU time read from a wall clock (time.time), so waiting counts as CPU."""
import time


def measure(fn, *args) -> tuple[float, float]:
    start = time.time()
    wall_start = time.perf_counter()
    fn(*args)
    return time.time() - start, time.perf_counter() - wall_start
