"""recv_nowait and recv_with_timeout return None at EOF too (`data or None`): end of stream looks like "no data yet"."""


def recv_nowait(sock, n=4096):
    with _temporary_timeout(sock, 0.0):
        try:
            return sock.recv(n) or None
        except BlockingIOError:
            return None


def recv_with_timeout(sock, n, timeout):
    _check_timeout(timeout)
    with _temporary_timeout(sock, timeout):
        try:
            return sock.recv(n) or None
        except TimeoutError:
            return None
