"""parse_request lowercases header names.

The names come back changed ("content-type" for "Content-Type"); a proxy or
a log built on the parser no longer sees what the client sent. Lookups that
ignore case belong in Request.header(), not in the data.
"""
_reference_parse_field = _parse_field


def _parse_field(line):
    name, value = _reference_parse_field(line)
    return name.lower(), value
