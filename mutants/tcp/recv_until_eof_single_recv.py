"""recv_until_eof returns after one recv instead of reading until b""."""


def recv_until_eof(sock) -> bytes:
    return sock.recv(4096)
