"""recv_nowait always asks for 4096 bytes, whatever n the caller gave."""


def recv_nowait(sock, n=4096):
    with _temporary_timeout(sock, 0.0):
        try:
            return sock.recv(4096)
        except BlockingIOError:
            return None
