"""make_zombie waits for the child with waitpid: the child is reaped, no zombie is left."""
import os


def make_zombie():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)   # "wait until it has exited" - but this reaps it
    return pid
