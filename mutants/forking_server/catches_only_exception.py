"""The child catches Exception only: sys.exit and KeyboardInterrupt in the handler escape the child."""
import os
import signal


def _serve_one_and_exit(listener, conn, handler):
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    listener.close()
    code = 0
    try:
        handler(conn)
    except Exception:
        code = 1
    conn.close()
    os._exit(code)
