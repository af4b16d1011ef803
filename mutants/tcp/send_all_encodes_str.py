"""send_all "helpfully" encodes a str as UTF-8 instead of raising TypeError."""


def send_all(sock, data) -> int:
    if isinstance(data, str):
        data = data.encode()  # the caller should have chosen the encoding
    view = memoryview(data)
    total = 0
    while total < len(view):
        total += sock.send(view[total:])
    return total
