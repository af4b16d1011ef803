"""serve_udp_echo remembers the first client's address and sends every echo there."""


def serve_udp_echo(sock):
    client = None
    while True:
        data, sender = sock.recvfrom(RECV_SIZE)
        if client is None:
            client = sender
        sock.sendto(data, client)
