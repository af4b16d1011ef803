"""parse_request does not check Host: a 1.1 request without one, or any request with two, is accepted.

RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request without
Host and to any request with more than one.
"""


def _parse_head(head, max_body):
    request_line, *field_lines = _split_lines(head)
    match = _REQUEST_LINE.fullmatch(request_line)
    if not match:
        raise HttpError(400, f"malformed request line: {request_line!r}")
    method, target, version = (part.decode("latin-1") for part in match.groups())
    if version not in _VERSIONS:
        raise HttpError(505, f"HTTP version not supported: {version!r}")
    headers = [_parse_field(line) for line in field_lines]
    return Request(method, target, version, headers), _body_framing(headers, max_body)
