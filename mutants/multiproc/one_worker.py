"""parallel_map ignores `workers` and computes every item in a single worker process."""
from concurrent.futures import ProcessPoolExecutor


def parallel_map(fn, items, workers=2):
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    with ProcessPoolExecutor(max_workers=1) as pool:
        return list(pool.map(fn, items))
