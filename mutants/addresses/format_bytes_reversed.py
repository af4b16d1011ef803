"""Bytes taken from the low end first: 2130706433 written "1.0.0.127"."""


def format_ipv4(value: int) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"an IPv4 address value must be an int, got {value!r}")
    if not 0 <= value < 2 ** 32:
        raise ValueError(f"an IPv4 address value must be in [0, 2**32), got {value!r}")
    return ".".join(str((value >> (8 * i)) & 0xFF) for i in range(4))
