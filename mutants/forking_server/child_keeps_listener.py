"""The handler child never closes the listener."""
import os
import signal


def _serve_one_and_exit(listener, conn, handler):
    code = 0
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        handler(conn)            # the listener stays open in every child
    except BaseException:
        code = 1
    finally:
        conn.close()
        os._exit(code)
