"""Header values are stripped of spaces only: surrounding tabs stay in the value.

OWS is spaces and horizontal tabs (RFC 9110 §5.6.3); strip(b" ") keeps the tabs.
"""


def _parse_field(line):
    if line[:1] in (b" ", b"\t"):
        raise HttpError(400, f"obs-fold: {line!r}")
    match = _FIELD_LINE.fullmatch(line)
    if not match:
        raise HttpError(400, f"malformed header line: {line!r}")
    name, value = match.group(1), match.group(2).strip(b" ")
    if _CTL.search(value):
        raise HttpError(400, f"control character in {value!r}")
    return name.decode("ascii"), value.decode("latin-1")
