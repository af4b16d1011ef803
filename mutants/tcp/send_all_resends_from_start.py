"""send_all loops but passes the whole data to send every time, not the unsent rest."""


def send_all(sock, data: bytes) -> int:
    sent = 0
    while sent < len(data):
        sent += sock.send(data)
    return sent
