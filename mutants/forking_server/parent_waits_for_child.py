"""The parent waits for each child (waitpid(pid, 0)) right after forking: clients are served one at a time."""
import os


def serve_forking(listener, handler=echo_handler):
    while True:
        conn, _addr = listener.accept()
        pid = os.fork()
        if pid == 0:
            _serve_one_and_exit(listener, conn, handler)
        conn.close()
        os.waitpid(pid, 0)      # "no zombies" - but nobody else is served meanwhile
