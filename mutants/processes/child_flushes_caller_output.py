"""run_in_child does not flush before fork, and the child flushes stdout: the caller's buffered text comes out twice."""
import os


def run_in_child(fn, *args):
    pid = os.fork()          # the child inherits the caller's unflushed buffer
    if pid == 0:
        _run_child_and_exit(fn, args)   # ... and flushes it before os._exit
    _, status = os.waitpid(pid, 0)
    return exit_code(status)
