"""udp_request checks only the sender's port: a datagram from another IP with the server's port is taken."""


def _is_from(sender, address):
    return sender[1] == address[1]
