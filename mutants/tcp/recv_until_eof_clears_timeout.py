"""recv_until_eof removes the caller's timeout (settimeout(None)) so that a slow peer cannot make it fail."""


def recv_until_eof(sock) -> bytes:
    sock.settimeout(None)  # changes the caller's socket for good
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)
