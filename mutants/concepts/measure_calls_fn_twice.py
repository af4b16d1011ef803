"""fn timed twice, once per clock: it runs two times."""
import time


def measure(fn, *args) -> tuple[float, float]:
    cpu_start = time.process_time()
    fn(*args)
    cpu = time.process_time() - cpu_start
    wall_start = time.perf_counter()
    fn(*args)
    return cpu, time.perf_counter() - wall_start
