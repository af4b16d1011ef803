"""reap_finished lets ChildProcessError out when the caller has no children."""
import os


def reap_finished():
    reaped = []
    while True:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            return reaped
        reaped.append((pid, exit_code(status)))
