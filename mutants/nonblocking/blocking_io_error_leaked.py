"""recv_nowait lets BlockingIOError escape instead of returning None when no data is ready."""


def recv_nowait(sock, n=4096):
    with _temporary_timeout(sock, 0.0):
        return sock.recv(n)
