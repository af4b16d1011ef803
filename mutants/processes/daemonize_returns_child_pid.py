"""daemonize returns the intermediate child's pid (what fork gave the caller), not the grandchild's."""
import os


def daemonize(fn):
    child = os.fork()
    if child == 0:
        try:
            os.setsid()
            if os.fork() == 0:
                _run_child_and_exit(fn, ())
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    return child
