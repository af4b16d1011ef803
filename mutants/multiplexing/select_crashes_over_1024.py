"""No descriptor check after accept: select.select raises ValueError once a client gets fd 1024."""


def _accept(listener, limit=None):
    try:
        conn, _addr = listener.accept()
    except (BlockingIOError, InterruptedError, ConnectionAbortedError):
        return None
    conn.setblocking(False)  # `limit` never checked
    return conn
