"""run_with_timeout returns fn's exception as if it were the result, instead of raising it."""
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
            _kind, value = receiver.recv()
        except EOFError:
            raise RuntimeError("the child died without a result") from None
    finally:
        _stop(proc)
        receiver.close()
    return value
