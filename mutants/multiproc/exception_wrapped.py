"""parallel_map turns fn's exception into a RuntimeError instead of re-raising it."""
from concurrent.futures import ProcessPoolExecutor


def parallel_map(fn, items, workers=2):
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            return list(pool.map(fn, items))
        except Exception as exc:
            raise RuntimeError(f"a worker failed: {exc}") from exc
