"""Octets checked against 0~256, as the notes say: 256 accepted."""


def _octets(text: str) -> list[int]:
    parts = text.split(".")
    if len(parts) != 4:
        raise ValueError(f"an IPv4 address has 4 dot-separated parts, got {text!r}")
    return [_parse_decimal(part, "an IPv4 address part", 256) for part in parts]
