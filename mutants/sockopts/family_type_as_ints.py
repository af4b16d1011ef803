"""describe_socket returns family and type as ints (2, 1) instead of "AF_INET", "SOCK_STREAM"."""


def _name(enum_class, value):
    return int(value)
