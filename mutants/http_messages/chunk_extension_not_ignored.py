"""A chunk-size line with an extension (b"5;name=value") is refused: the size is parsed from the whole line.

Chunk extensions are legal (RFC 9112 §7.1.1) and must be ignored.
"""
import re

_CHUNK_LINE = re.compile(rb"([0-9A-Fa-f]+)")
