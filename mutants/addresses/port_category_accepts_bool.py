"""No type check: True is port 1, and 80.0 slips through the range check."""


def port_category(port: int) -> str:
    if not 0 <= port <= 65535:
        raise ValueError(f"a port must be in 0-65535, got {port!r}")
    return "system" if port <= 1023 else "user" if port <= 49151 else "dynamic"
