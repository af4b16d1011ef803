"""recv_exactly reads recv(4096) and truncates, eating the next message.

The bytes after the first n are thrown away instead of staying in the socket.
"""


def recv_exactly(sock, n: int) -> bytes:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {n!r}")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(4096)
        if not chunk:
            raise EOFError(f"peer closed the connection: got {len(buf)} of {n} bytes")
        buf += chunk
    return buf[:n]
