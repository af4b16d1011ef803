"""recv_exactly fills a bytearray with recv_into and returns it (not bytes)."""


def recv_exactly(sock, n: int) -> bytes:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {n!r}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            raise EOFError(f"peer closed the connection: got {got} of {n} bytes")
        got += k
    return buf
