"""reap_finished calls waitpid(-1, WNOHANG) once: it reaps at most one child per call."""
import os


def reap_finished():
    try:
        pid, status = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return []
    return [] if pid == 0 else [(pid, exit_code(status))]
