"""recv_exactly trusts one recv to return all n bytes.

TCP is a stream: recv(n) returns whatever has arrived, 1 to n bytes.
"""


def recv_exactly(sock, n: int) -> bytes:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {n!r}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    if n == 0:
        return b""
    data = sock.recv(n)
    if not data:
        raise EOFError(f"peer closed the connection: got 0 of {n} bytes")
    return data
