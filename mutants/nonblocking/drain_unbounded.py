"""drain has no 1 MiB cap: it reads until nothing is ready, so a fast sender keeps it busy."""


def drain(sock):
    chunks = []
    with _temporary_timeout(sock, 0.0):
        while True:
            try:
                chunk = sock.recv(CHUNK)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)
