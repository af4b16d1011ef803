"""Header values may hold control characters: NUL, a bare CR, DEL and the like are accepted.

A value with a bare CR or NUL is read differently by other parsers on the
path (proxies, logs); RFC 9110 allows only visible characters, spaces and tabs.
"""


def _parse_field(line):
    if line[:1] in (b" ", b"\t"):
        raise HttpError(400, f"obs-fold: {line!r}")
    match = _FIELD_LINE.fullmatch(line)
    if not match:
        raise HttpError(400, f"malformed header line: {line!r}")
    return match.group(1).decode("ascii"), match.group(2).strip(b" \t").decode("latin-1")
