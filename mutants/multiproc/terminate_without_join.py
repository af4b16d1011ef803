"""run_with_timeout terminates the child on timeout but never joins it: a zombie is left."""
import multiprocessing


def run_with_timeout(fn, args=(), timeout=1.0):
    receiver, sender = multiprocessing.Pipe(duplex=False)
    proc = multiprocessing.Process(target=_call_and_send, args=(sender, fn, tuple(args)))
    proc.start()
    sender.close()
    if not receiver.poll(timeout):
        proc.terminate()          # no join: the child stays a zombie
        receiver.close()
        raise TimeoutError(f"no result within {timeout} s")
    try:
        kind, value = receiver.recv()
    except EOFError:
        proc.join()
        raise RuntimeError("the child died without a result") from None
    finally:
        receiver.close()
    proc.join()
    if kind == "error":
        raise value
    return value
