"""The child has no os._exit: after the handler it falls back into the accept loop."""
import os
import signal


def serve_forking(listener, handler=echo_handler):
    signal.signal(signal.SIGCHLD, _reap_children)
    while True:
        conn, _addr = listener.accept()
        if os.fork() == 0:
            listener.close()
            try:
                handler(conn)
            finally:
                conn.close()
        else:
            conn.close()
