"""Blocks recognised by text prefixes, without parsing: "10.0.0" and "10.999.0.1" accepted."""


def classify_ipv4(text: str) -> str:
    if text == "0.0.0.0":
        return "unspecified"
    if text == "255.255.255.255":
        return "broadcast"
    if text.startswith("0."):
        return "this-network"
    if text.startswith("127."):
        return "loopback"
    if text.startswith("169.254."):
        return "link-local"
    if text.startswith("10.") or text.startswith("192.168."):
        return "private"
    value = parse_ipv4(text)
    for (network, prefix), label in _SPECIAL:
        if value & _mask(prefix) == network:
            return label
    return "public"
