"""send_all as in a well-known tutorial: a do-while loop that takes send() == 0
for a broken connection, so sending b'' raises."""


def send_all(sock, data):
    total = 0
    while True:
        sent = sock.send(data[total:])
        if sent == 0:
            raise RuntimeError("socket connection broken")
        total += sent
        if total >= len(data):
            return total
