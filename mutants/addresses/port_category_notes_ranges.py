"""The notes' split: 1-255 common, 256-1023 system, 1024-65535 user (no dynamic range)."""


def port_category(port: int) -> str:
    if isinstance(port, bool) or not isinstance(port, int):
        raise TypeError(f"a port must be an int, got {port!r}")
    if not 0 <= port <= 65535:
        raise ValueError(f"a port must be in 0-65535, got {port!r}")
    return "system" if port <= 1023 else "user"
