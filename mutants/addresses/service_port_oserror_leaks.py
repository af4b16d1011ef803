"""The system lookup lets OSError out for unknown names instead of LookupError."""


def service_port(name: str, proto: str = "tcp", services_text: str | None = None) -> int:
    if services_text is None:
        return socket.getservbyname(name, proto)
    try:
        return parse_services(services_text)[(name, proto)]
    except KeyError:
        raise LookupError(f"no service {name!r} for protocol {proto!r}") from None
