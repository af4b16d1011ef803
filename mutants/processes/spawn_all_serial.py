"""spawn_all waits for each child right after forking it: the children run one after another."""
import os


def spawn_all(fns):
    codes = {}
    for fn in fns:
        pid = os.fork()
        if pid == 0:
            _run_child_and_exit(fn, ())
        codes[pid] = exit_code(os.waitpid(pid, 0)[1])
    return codes
