"""Only the first field is mapped: the aliases after port/proto are dropped."""


def parse_services(text: str) -> dict[tuple[str, str], int]:
    services = {}
    for number, line in enumerate(text.split("\n"), 1):
        fields = _fields(line)
        if fields:
            names, port, proto = _service_entry(fields, number, line)
            services.setdefault((names[0], proto), port)
    return services
