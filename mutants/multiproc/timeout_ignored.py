"""run_with_timeout joins the child before reading its result: the timeout never bounds the wait."""
import multiprocessing


def run_with_timeout(fn, args=(), timeout=1.0):
    results = multiprocessing.Queue()
    proc = multiprocessing.Process(target=_put_result, args=(results, fn, tuple(args)))
    proc.start()
    proc.join()                    # waits as long as fn runs
    if results.empty():
        raise RuntimeError("the child died without a result")
    kind, value = results.get()
    if kind == "error":
        raise value
    return value


def _put_result(results, fn, args):
    try:
        results.put(("ok", fn(*args)))
    except Exception as exc:
        results.put(("error", exc))
