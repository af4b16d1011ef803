"""Ports checked as 1-65535: port 0 ("pick a free port") refused."""


def parse_endpoint(host: str, port: str) -> tuple[str, int]:
    if not isinstance(host, str) or not host:
        raise ValueError(f"the host must be a non-empty str, got {host!r}")
    if not (isinstance(port, str) and port.isascii() and port.isdigit()
            and 1 <= int(port) <= 65535):
        raise ValueError(f"the port must be ASCII digits 1-65535, got {port!r}")
    return host, int(port)
