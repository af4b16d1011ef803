"""recv_nowait and drain catch every OSError as "no data": a reset connection looks quiet."""


def recv_nowait(sock, n=4096):
    with _temporary_timeout(sock, 0.0):
        try:
            return sock.recv(n)
        except OSError:
            return None


def drain(sock):
    chunks, total = [], 0
    with _temporary_timeout(sock, 0.0):
        while total < MAX_DRAIN:
            try:
                chunk = sock.recv(min(CHUNK, MAX_DRAIN - total))
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    return b"".join(chunks)
