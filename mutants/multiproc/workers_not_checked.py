"""parallel_map leaves the workers check to ProcessPoolExecutor, whose message does not name the value."""
from concurrent.futures import ProcessPoolExecutor


def parallel_map(fn, items, workers=2):
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, items))
