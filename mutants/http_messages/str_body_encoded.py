"""format_response accepts a str body and encodes it, instead of raising TypeError.

The body is bytes; which encoding a text body uses is the caller's choice
(and belongs in Content-Type), so a str is a TypeError.
"""
_reference_format_response = format_response


def format_response(status, headers=(), body=b""):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return _reference_format_response(status, headers, body)
