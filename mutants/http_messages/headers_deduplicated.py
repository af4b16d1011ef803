"""parse_request stores headers in a dict: repeated headers are merged away.

`headers[name] = value` keeps one entry per name (the last value, at the
first position): two Accept or Cookie lines become one.
"""
_reference_parse_head = _parse_head


def _parse_head(head, max_body):
    request, framing = _reference_parse_head(head, max_body)
    request.headers = list(dict(request.headers).items())
    return request, framing
