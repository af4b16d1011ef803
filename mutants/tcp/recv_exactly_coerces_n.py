"""recv_exactly converts n with int(), so True, 2.0 and "4" are taken as sizes."""


def recv_exactly(sock, n):
    n = int(n)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n!r}")
    chunks = []
    received = 0
    while received < n:
        chunk = sock.recv(n - received)
        if not chunk:
            raise EOFError(f"peer closed the connection: got {received} of {n} bytes")
        chunks.append(chunk)
        received += len(chunk)
    return b"".join(chunks)
