"""Descriptors >= 1024 are kept out of select but never closed: those clients wait forever."""

_not_watched = []


def _accept(listener, limit=None):
    try:
        conn, _addr = listener.accept()
    except (BlockingIOError, InterruptedError, ConnectionAbortedError):
        return None
    if limit is not None and conn.fileno() >= limit:
        _not_watched.append(conn)  # should be conn.close()
        return None
    conn.setblocking(False)
    return conn
