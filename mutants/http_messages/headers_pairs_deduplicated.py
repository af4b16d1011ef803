"""format_response turns the header pairs into a dict: repeated names (Set-Cookie) are lost.

Several headers with one name are legal and common; keep every pair, in order.
"""
_reference_format_response = format_response


def format_response(status, headers=(), body=b""):
    return _reference_format_response(status, dict(headers), body)
