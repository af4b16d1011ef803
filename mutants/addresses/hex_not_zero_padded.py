"""hex(value)[2:]: no zero padding, so "10.0.0.1" gives 7 digits ("a000001")."""


def ipv4_to_hex(text: str) -> str:
    return hex(parse_ipv4(text))[2:]
