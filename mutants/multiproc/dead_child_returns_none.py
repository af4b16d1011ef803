"""run_with_timeout returns None when the child died without a result."""
import multiprocessing


def run_with_timeout(fn, args=(), timeout=1.0):
    receiver, sender = multiprocessing.Pipe(duplex=False)
    proc = multiprocessing.Process(target=_call_and_send, args=(sender, fn, tuple(args)))
    try:
        proc.start()
        sender.close()
        if not receiver.poll(timeout):
            raise TimeoutError(f"no result within {timeout} s")
        try:
            kind, value = receiver.recv()
        except EOFError:
            return None
    finally:
        _stop(proc)
        receiver.close()
    if kind == "error":
        raise value
    return value
