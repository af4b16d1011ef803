"""reap_finished calls waitpid(-1, 0): it blocks until a running child ends."""
import os


def reap_finished():
    reaped = []
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            return reaped
        reaped.append((pid, exit_code(status)))
