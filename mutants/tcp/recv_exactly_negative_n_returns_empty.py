"""recv_exactly without the n < 0 check: a negative n quietly returns b''."""


def recv_exactly(sock, n):
    chunks = []
    received = 0
    while received < n:
        chunk = sock.recv(n - received)
        if not chunk:
            raise EOFError(f"peer closed the connection: got {received} of {n} bytes")
        chunks.append(chunk)
        received += len(chunk)
    return b"".join(chunks)
