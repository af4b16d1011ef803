"""drain does not stop at b'': at end of stream recv returns b'' for ever and the loop spins."""


def drain(sock):
    chunks, total = [], 0
    with _temporary_timeout(sock, 0.0):
        while total < MAX_DRAIN:
            try:
                chunk = sock.recv(min(CHUNK, MAX_DRAIN - total))
            except BlockingIOError:
                break
            chunks.append(chunk)
            total += len(chunk)
    return b"".join(chunks)
