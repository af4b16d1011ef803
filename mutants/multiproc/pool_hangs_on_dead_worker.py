"""parallel_map uses multiprocessing.Pool.map: when a worker dies, the pool waits forever."""
import multiprocessing


def parallel_map(fn, items, workers=2):
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    with multiprocessing.Pool(workers) as pool:
        return pool.map(fn, items)
