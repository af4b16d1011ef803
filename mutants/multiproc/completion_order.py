"""parallel_map collects results with as_completed: they come back in completion order."""
from concurrent.futures import ProcessPoolExecutor, as_completed


def parallel_map(fn, items, workers=2):
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(fn, x) for x in items]
        return [f.result() for f in as_completed(futures)]
