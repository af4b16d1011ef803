"""serve_udp_echo answers one datagram and returns, as if it were a single request."""


def serve_udp_echo(sock):
    data, sender = sock.recvfrom(RECV_SIZE)
    sock.sendto(data, sender)
