"""drain is recv_nowait(sock, MAX_DRAIN): with nothing ready it returns None instead of b''."""


def drain(sock):
    return recv_nowait(sock, MAX_DRAIN)
