"""run_in_child waits with os.wait(): it may reap (and report) another child of the caller."""
import os


def run_in_child(fn, *args):
    pid = _fork()
    if pid == 0:
        _run_child_and_exit(fn, args)
    _, status = os.wait()
    return exit_code(status)
