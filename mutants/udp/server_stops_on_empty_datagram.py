"""serve_udp_echo stops at an empty datagram (`if not data: break`), a TCP habit: b'' is no EOF in UDP."""


def serve_udp_echo(sock):
    while True:
        data, sender = sock.recvfrom(RECV_SIZE)
        if not data:
            break
        sock.sendto(data, sender)
