"""udp_request (and the server) receive with recvfrom(1024): larger datagrams are silently truncated."""

RECV_SIZE = 1024
