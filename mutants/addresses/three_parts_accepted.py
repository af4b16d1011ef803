"""Any number of parts up to four: "1.2.3" taken as an address."""


def _octets(text: str) -> list[int]:
    parts = text.split(".")
    if len(parts) > 4:
        raise ValueError(f"an IPv4 address has at most 4 parts, got {text!r}")
    return [_parse_decimal(part, "an IPv4 address part", 255) for part in parts]
