"""No type check: a float passes the range test and fails later with AttributeError."""


def format_ipv4(value: int) -> str:
    if not 0 <= value < 2 ** 32:
        raise ValueError(f"an IPv4 address value must be in [0, 2**32), got {value!r}")
    return ".".join(str(byte) for byte in value.to_bytes(4, "big"))
