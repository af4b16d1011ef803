"""int() trusted with the port: "+80", " 80", "8_0" and "٨٠" accepted."""


def parse_endpoint(host: str, port: str) -> tuple[str, int]:
    if not isinstance(host, str) or not host:
        raise ValueError(f"the host must be a non-empty str, got {host!r}")
    try:
        number = int(port)
    except ValueError:
        raise ValueError(f"the port must be a number, got {port!r}") from None
    if not 0 <= number <= 65535:
        raise ValueError(f"the port must be 0-65535, got {port!r}")
    return host, number
