"""measure returns (wall_seconds, cpu_seconds): the pair in the wrong order."""
import time


def measure(fn, *args) -> tuple[float, float]:
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    fn(*args)
    return time.perf_counter() - wall_start, time.process_time() - cpu_start
