"""run_with_timeout raises multiprocessing.TimeoutError, which is not the built-in TimeoutError."""
import multiprocessing


def run_with_timeout(fn, args=(), timeout=1.0):
    receiver, sender = multiprocessing.Pipe(duplex=False)
    proc = multiprocessing.Process(target=_call_and_send, args=(sender, fn, tuple(args)))
    try:
        proc.start()
        sender.close()
        if not receiver.poll(timeout):
            raise multiprocessing.TimeoutError(f"no result within {timeout} s")
        try:
            kind, value = receiver.recv()
        except EOFError:
            raise RuntimeError("the child died without a result") from None
    finally:
        _stop(proc)
        receiver.close()
    if kind == "error":
        raise value
    return value
