"""run_with_timeout's child target is a closure: it cannot be pickled, so it only works under fork."""
import multiprocessing
import queue


def run_with_timeout(fn, args=(), timeout=1.0):
    results = multiprocessing.Queue()

    def child():                  # a local function: spawn and forkserver cannot pickle it
        try:
            results.put(("ok", fn(*args)))
        except Exception as exc:
            results.put(("error", exc))

    proc = multiprocessing.Process(target=child)
    proc.start()
    try:
        kind, value = results.get(timeout=timeout)
    except queue.Empty:
        proc.join(0)
        if proc.exitcode is not None:
            raise RuntimeError("the child died without a result") from None
        raise TimeoutError(f"no result within {timeout} s") from None
    finally:
        _stop(proc)
    if kind == "error":
        raise value
    return value
