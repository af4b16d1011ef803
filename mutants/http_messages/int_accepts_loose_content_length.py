"""Content-Length is converted with int(), which accepts " 12", "+12", "1_0", "-0" and "\xa012".

Two parsers that read such a length differently see different requests:
the root of request smuggling.
"""


def _body_framing(headers, max_body):
    te = [v for k, v in headers if k.lower() == "transfer-encoding"]
    cl = [v for k, v in headers if k.lower() == "content-length"]
    if te and cl:
        raise HttpError(400, f"both Transfer-Encoding {te!r} and Content-Length {cl!r}")
    if te:
        codings = [c.strip().lower() for c in ",".join(te).split(",") if c.strip()]
        if codings != ["chunked"]:
            raise HttpError(501, f"unsupported Transfer-Encoding: {', '.join(te)!r}")
        return "chunked", None
    if not cl:
        return "length", 0
    try:
        lengths = {int(value) for value in cl}
    except ValueError:
        raise HttpError(400, f"bad Content-Length: {cl!r}") from None
    if len(lengths) > 1:
        raise HttpError(400, f"repeated Content-Length headers disagree: {cl!r}")
    length = lengths.pop()
    if length > max_body:
        raise HttpError(413, f"Content-Length {length} exceeds max_body ({max_body})")
    return "length", length
