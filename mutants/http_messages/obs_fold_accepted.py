"""A header line starting with a space or tab is glued to the previous value (obsolete line folding).

RFC 9112 §5.2 lets a server reject obs-fold with 400, and the contract
requires it; unfolding makes the parser disagree with those that reject.
"""
import re

_reference_parse_head = _parse_head


def _parse_head(head, max_body):
    return _reference_parse_head(re.sub(rb"\r?\n[ \t]+", b" ", head), max_body)
