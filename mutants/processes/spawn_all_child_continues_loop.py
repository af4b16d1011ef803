"""spawn_all's child runs its callable and falls back into the fork loop when it returns."""
import os


def spawn_all(fns):
    pids = []
    for fn in fns:
        pid = os.fork()
        if pid == 0:
            fn()          # forgot os._exit: a normal return goes on with the loop
            continue
        pids.append(pid)
    return {pid: exit_code(os.waitpid(pid, 0)[1]) for pid in pids}
