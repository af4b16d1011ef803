"""The parent never closes its copy of the connection: one fd leaked per client, and no EOF for the client."""
import os
import signal


def serve_forking(listener, handler=echo_handler):
    signal.signal(signal.SIGCHLD, _reap_children)
    while True:
        conn, _addr = listener.accept()
        if os.fork() == 0:
            _serve_one_and_exit(listener, conn, handler)
        # forgot conn.close(): the parent's copy stays open until `conn` is rebound
