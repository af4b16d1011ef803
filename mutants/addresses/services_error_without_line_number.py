"""Malformed lines raise ValueError without saying which line."""


def _service_entry(fields: list[str], number: int, line: str) -> tuple[list[str], int, str]:
    if len(fields) < 2:
        raise ValueError(f"malformed services line {line!r}")
    name, port_proto, *aliases = fields
    port_text, slash, proto = port_proto.partition("/")
    if not slash or not proto:
        raise ValueError(f"expected port/proto, got {port_proto!r}")
    return [name, *aliases], _parse_port(port_text), proto
