"""Children are reaped only before the next accept: zombies stay until a new client comes."""
import os


def serve_forking(listener, handler=echo_handler):
    while True:
        _reap_children(None, None)      # WNOHANG loop, but only here
        conn, _addr = listener.accept()
        if os.fork() == 0:
            _serve_one_and_exit(listener, conn, handler)
        conn.close()
