"""format_response encodes header text as UTF-8, not ISO-8859-1.

"café" goes out as b"caf\xc3\xa9", which clients read as "cafÃ©", and "€"
is sent instead of being refused.
"""


def _encode_field(name, value):
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(name, str) or not isinstance(value, str):
        raise TypeError(f"header name and value must be str: {name!r}: {value!r}")
    if _CTL_TEXT.search(name) or _CTL_TEXT.search(value):
        raise ValueError(f"control character in header {name!r}: {value!r}")
    return b"%s: %s\r\n" % (name.encode("utf-8"), value.encode("utf-8"))
