"""No type check: an int or None fails with AttributeError inside split."""


def parse_ipv4(text: str) -> int:
    return int.from_bytes(bytes(_octets(text)), "big")
