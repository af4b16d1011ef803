"""The mask built as ~((1 << (32 - prefix)) - 1) without limiting it to 32 bits."""


def _mask(prefix: int) -> int:
    return ~((1 << (32 - prefix)) - 1) if prefix else 0xFFFFFFFF
