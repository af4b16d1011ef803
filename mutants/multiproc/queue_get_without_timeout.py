"""parallel_map waits with queue.get() without a timeout: it hangs when a worker dies."""
import multiprocessing


def _work(fn, jobs, results):
    for index, item in jobs:
        try:
            results.put((index, "ok", fn(item)))
        except Exception as exc:
            results.put((index, "error", exc))


def parallel_map(fn, items, workers=2):
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    items = list(items)
    results = multiprocessing.Queue()
    shares = [list(enumerate(items))[w::workers] for w in range(workers)]
    procs = [multiprocessing.Process(target=_work, args=(fn, share, results))
             for share in shares]
    for proc in procs:
        proc.start()
    out = [None] * len(items)
    try:
        for _ in items:
            index, kind, value = results.get()    # no timeout: a dead worker never answers
            if kind == "error":
                raise value
            out[index] = value
    finally:
        for proc in procs:
            proc.join()
    return out
