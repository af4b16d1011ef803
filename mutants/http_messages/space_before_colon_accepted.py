"""Header names are stripped before the colon: "Host : x" is accepted.

RFC 9112 §5.1 requires a 400 for whitespace between the name and the colon:
parsers that disagree on it can be made to see different headers.
"""
import re

_FIELD_LINE = re.compile(rb"([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]*:(.*)", re.DOTALL)
