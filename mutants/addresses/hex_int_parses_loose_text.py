"""int(digits, 16) with only a length check: "0x7f0001", "+7f00001", "7f_00001" accepted."""


def hex_to_ipv4(digits: str) -> str:
    if not isinstance(digits, str):
        raise TypeError(f"hex digits must be a str, got {digits!r}")
    if len(digits) != 8:
        raise ValueError(f"expected exactly 8 hex digits, got {digits!r}")
    return format_ipv4(int(digits, 16))
