"""No range check: to_bytes raises OverflowError (not ValueError) for 2**32 and -1."""


def format_ipv4(value: int) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"an IPv4 address value must be an int, got {value!r}")
    return ".".join(str(byte) for byte in value.to_bytes(4, "big"))
