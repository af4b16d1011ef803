"""serve_udp_echo receives with recvfrom(4096): a larger datagram is echoed truncated."""


def serve_udp_echo(sock):
    while True:
        data, sender = sock.recvfrom(4096)
        sock.sendto(data, sender)
