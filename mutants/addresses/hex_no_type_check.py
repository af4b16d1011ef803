"""No type checks: bytes.fromhex/int() decide, so ints and bytes give odd errors or results."""


def ipv4_to_hex(text: str) -> str:
    if isinstance(text, int):
        return f"{text:08x}"
    return f"{parse_ipv4(text):08x}"


def hex_to_ipv4(digits: str) -> str:
    if isinstance(digits, int):
        return format_ipv4(digits)
    if len(digits) != 8:
        raise ValueError(f"expected exactly 8 hex digits, got {digits!r}")
    return socket.inet_ntoa(bytes.fromhex(digits.decode() if isinstance(digits, bytes) else digits))
