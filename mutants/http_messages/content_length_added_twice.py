"""format_response always adds Content-Length, even when the caller gave one.

Two Content-Length headers (and two different values for a HEAD response)
make clients refuse the response or read the wrong length.
"""
_reference_format_response = format_response


def format_response(status, headers=(), body=b""):
    pairs = list(headers.items()) if isinstance(headers, dict) else list(headers)
    if status >= 200 and status not in (204, 304):
        pairs.append(("Content-Length", str(len(body))))
    return _reference_format_response(status, pairs, body)
