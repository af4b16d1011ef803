"""drain reads once (one recv of 64 KiB) instead of everything that is ready."""


def drain(sock):
    with _temporary_timeout(sock, 0.0):
        try:
            return sock.recv(CHUNK)
        except BlockingIOError:
            return b""
