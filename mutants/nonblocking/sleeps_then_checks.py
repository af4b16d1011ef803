"""recv_with_timeout and accept_with_timeout sleep the whole timeout, then look once (non-blocking)."""
import time


def recv_with_timeout(sock, n, timeout):
    _check_timeout(timeout)
    time.sleep(timeout)
    return recv_nowait(sock, n)


def accept_with_timeout(listener, timeout):
    _check_timeout(timeout)
    time.sleep(timeout)
    with _temporary_timeout(listener, 0.0):
        try:
            conn, address = listener.accept()
        except BlockingIOError:
            return None
    conn.setblocking(True)
    return conn, address
