"""The SIGCHLD handler reaps one child per signal: signals do not queue, zombies remain."""
import os


def _reap_children(signum, frame):
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        pass
