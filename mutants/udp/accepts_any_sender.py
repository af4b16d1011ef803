"""udp_request returns the first datagram from anyone, not only from address."""


def _is_from(sender, address):
    return True
