"""Digits checked, the range not: 65536 accepted (and fails later in bind/connect)."""


def parse_endpoint(host: str, port: str) -> tuple[str, int]:
    if not isinstance(host, str) or not host:
        raise ValueError(f"the host must be a non-empty str, got {host!r}")
    if not (isinstance(port, str) and port.isascii() and port.isdigit()):
        raise ValueError(f"the port must be ASCII digits, got {port!r}")
    return host, int(port)
