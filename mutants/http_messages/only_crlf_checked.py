"""format_response refuses only "\r\n" in header text: a lone LF, CR or NUL still gets through.

Many clients end lines at a bare LF, so "x\nSet-Cookie: a=1" still splits
the response.
"""


def _encode_field(name, value):
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(name, str) or not isinstance(value, str):
        raise TypeError(f"header name and value must be str: {name!r}: {value!r}")
    if "\r\n" in name or "\r\n" in value:
        raise ValueError(f"CRLF in header {name!r}: {value!r}")
    try:
        return b"%s: %s\r\n" % (name.encode("latin-1"), value.encode("latin-1"))
    except UnicodeEncodeError:
        raise ValueError(f"header {name!r}: {value!r} is not ISO-8859-1") from None
