"""run_in_child ends the child with sys.exit: the child runs the caller's cleanup and finally blocks.

sys.exit only raises SystemExit; in a forked child it unwinds through the
caller's code (a second copy of the parent's work).
"""
import os
import sys


def run_in_child(fn, *args):
    pid = os.fork()
    if pid == 0:
        try:
            result = fn(*args)
            code = 0 if result is None else result
        except SystemExit as exc:
            code = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            code = 1
        sys.exit(code)
    _, status = os.waitpid(pid, 0)
    return exit_code(status)
