"""int() on the port: "+80", "8_0" and non-ASCII digits accepted; no upper bound."""


def _parse_port(text: str) -> int:
    return int(text)
