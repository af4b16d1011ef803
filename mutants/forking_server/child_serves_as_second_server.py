"""The child neither closes the listener nor exits: after its client it becomes a second accept loop."""
import os
import signal


def serve_forking(listener, handler=echo_handler):
    signal.signal(signal.SIGCHLD, _reap_children)
    while True:
        conn, _addr = listener.accept()
        if os.fork() == 0:
            try:
                handler(conn)
            except Exception:
                pass
            conn.close()
            continue            # back to accept: now two processes accept
        conn.close()
