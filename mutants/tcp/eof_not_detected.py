"""recv_exactly never checks for b"": it spins forever when the peer closes early."""


def recv_exactly(sock, n: int) -> bytes:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {n!r}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    buf = b""
    while len(buf) < n:
        buf += sock.recv(n - len(buf))
    return buf
