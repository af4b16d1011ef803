"""recv_with_timeout and accept_with_timeout make a plain blocking call: the timeout is never applied."""


def recv_with_timeout(sock, n, timeout):
    _check_timeout(timeout)
    with _temporary_timeout(sock, None):
        return sock.recv(n)


def accept_with_timeout(listener, timeout):
    _check_timeout(timeout)
    with _temporary_timeout(listener, None):
        conn, address = listener.accept()
    conn.setblocking(True)
    return conn, address
