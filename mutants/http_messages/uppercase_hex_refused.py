"""Chunk sizes are read as lowercase hex only: b"1A" is refused.

HEXDIG is case-insensitive (RFC 5234): b"1A", b"1a" and b"001a" are the
same size.
"""
import re

_CHUNK_LINE = re.compile(rb"([0-9a-f]+)[ \t]*(?:;[^\x00-\x08\x0a-\x1f\x7f]*)?")
