"""On timeout run_with_timeout only terminates (SIGTERM): a child that ignores SIGTERM stays alive."""


def _stop(proc):
    if proc.is_alive():
        proc.terminate()
    proc.join(0.5)                # gives up waiting; never kill()
