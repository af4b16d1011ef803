"""The host is not checked: "" accepted."""


def parse_endpoint(host: str, port: str) -> tuple[str, int]:
    if not (isinstance(port, str) and port.isascii() and port.isdigit()
            and int(port) <= 65535):
        raise ValueError(f"the port must be ASCII digits 0-65535, got {port!r}")
    return host, int(port)
