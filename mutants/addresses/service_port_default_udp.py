"""The default protocol is "udp" instead of "tcp"."""


def service_port(name: str, proto: str = "udp", services_text: str | None = None) -> int:
    if services_text is None:
        with open(_SERVICES_PATH, encoding="utf-8", errors="replace") as file:
            services_text = file.read()
    try:
        return parse_services(services_text)[(name, proto)]
    except KeyError:
        raise LookupError(f"no service {name!r} for protocol {proto!r}") from None
