"""describe_socket calls getpeername() unguarded: OSError ENOTCONN escapes for unconnected sockets."""


def _peer(sock):
    return sock.getpeername()
