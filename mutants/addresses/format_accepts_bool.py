"""isinstance(value, int) alone: True is accepted as the address 0.0.0.1."""


def format_ipv4(value: int) -> str:
    if not isinstance(value, int):
        raise TypeError(f"an IPv4 address value must be an int, got {value!r}")
    if not 0 <= value < 2 ** 32:
        raise ValueError(f"an IPv4 address value must be in [0, 2**32), got {value!r}")
    return ".".join(str(byte) for byte in value.to_bytes(4, "big"))
