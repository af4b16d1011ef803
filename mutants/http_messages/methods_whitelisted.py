"""parse_request accepts only the eight methods listed in the notes.

Any token is a method (PURGE, M-SEARCH, PROPFIND, lowercase "get"); a
server answers 405/501 for methods it does not serve, but the parser must
not refuse them.
"""
_reference_parse_head = _parse_head
_NOTES_METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "CONNECT", "TRACE", "OPTIONS"}


def _parse_head(head, max_body):
    request, framing = _reference_parse_head(head, max_body)
    if request.method not in _NOTES_METHODS:
        raise HttpError(501, f"unknown method {request.method!r}")
    return request, framing
