"""Parts shifted by their index: the first part ends up as the lowest byte."""


def parse_ipv4(text: str) -> int:
    if not isinstance(text, str):
        raise TypeError(f"an IPv4 address must be a str, got {text!r}")
    return sum(octet << (8 * i) for i, octet in enumerate(_octets(text)))
