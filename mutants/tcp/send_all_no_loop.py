"""send_all calls send once and returns, as if send always took everything."""


def send_all(sock, data: bytes) -> int:
    return sock.send(data)
