"""The child catches Exception only: KeyboardInterrupt and other BaseExceptions escape into the caller's code."""
import os


def run_in_child(fn, *args):
    pid = _fork()
    if pid == 0:
        try:
            result = fn(*args)
            code = 0 if result is None else result
        except SystemExit as exc:
            code = _code_of_system_exit(exc.code)
        except Exception:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return exit_code(status)
