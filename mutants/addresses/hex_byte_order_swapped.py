"""Hex digits in little-endian byte order: "127.0.0.1" -> "0100007f"."""


def ipv4_to_hex(text: str) -> str:
    return parse_ipv4(text).to_bytes(4, "little").hex()


def hex_to_ipv4(digits: str) -> str:
    if not isinstance(digits, str):
        raise TypeError(f"hex digits must be a str, got {digits!r}")
    if len(digits) != 8 or not all(c in "0123456789abcdefABCDEF" for c in digits):
        raise ValueError(f"expected exactly 8 hex digits, got {digits!r}")
    return format_ipv4(int.from_bytes(bytes.fromhex(digits), "little"))
