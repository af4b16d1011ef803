"""dict[key] = port for every entry: the last (name, proto) wins, not the first."""


def parse_services(text: str) -> dict[tuple[str, str], int]:
    services = {}
    for number, line in enumerate(text.split("\n"), 1):
        fields = _fields(line)
        if fields:
            names, port, proto = _service_entry(fields, number, line)
            services.update(dict.fromkeys(((name, proto) for name in names), port))
    return services
