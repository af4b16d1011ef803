"""The request line is split with bytes.split(): tabs, double and leading spaces are accepted.

The grammar is METHOD SP target SP version with single spaces; lenient
splitting reads b"GET  / HTTP/1.1" or b"GET\t/\tHTTP/1.1" as valid.
"""
_reference_parse_head = _parse_head


def _parse_head(head, max_body):
    first, newline, rest = head.partition(b"\n")
    return _reference_parse_head(b" ".join(first.split()) + newline + rest, max_body)
