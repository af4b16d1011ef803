"""decode_netstrings skips the byte after the payload without checking it is a comma."""
import re


def decode_netstrings(data):
    _check_bytes(data, "data")
    data = bytes(data)
    payloads = []
    pos = 0
    while pos < len(data):
        digits = re.compile(rb"[0-9]*").match(data, pos).group()
        colon = pos + len(digits)
        if len(digits) > 1 and digits[0] == ord("0"):
            raise ValueError(f"leading zero: {digits!r}")
        if colon == len(data):
            break
        if not digits or data[colon] != ord(":"):
            raise ValueError(f"bad netstring length at offset {pos}: {data[pos:colon + 1]!r}")
        end = colon + 1 + int(digits)
        if end >= len(data):
            break
        payloads.append(data[colon + 1:end])
        pos = end + 1  # bug: the comma is assumed
    return payloads, data[pos:]
