"""Only lowercase hex digits accepted: "7F000001" refused."""


def hex_to_ipv4(digits: str) -> str:
    if not isinstance(digits, str):
        raise TypeError(f"hex digits must be a str, got {digits!r}")
    if len(digits) != 8 or not all(c in "0123456789abcdef" for c in digits):
        raise ValueError(f"expected exactly 8 hex digits, got {digits!r}")
    return format_ipv4(int(digits, 16))
