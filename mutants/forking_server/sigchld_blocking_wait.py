"""The SIGCHLD handler waits with waitpid(-1, 0): it blocks the server while other children still run."""
import os


def _reap_children(signum, frame):
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
