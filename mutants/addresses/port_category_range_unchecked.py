"""No range check: -1 is a "system" port and 65536 a "dynamic" one."""


def port_category(port: int) -> str:
    if isinstance(port, bool) or not isinstance(port, int):
        raise TypeError(f"a port must be an int, got {port!r}")
    return "system" if port <= 1023 else "user" if port <= 49151 else "dynamic"
