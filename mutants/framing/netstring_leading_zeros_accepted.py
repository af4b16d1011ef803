"""decode_netstrings accepts lengths with leading zeros (b"05:hello,")."""
import re


def decode_netstrings(data):
    _check_bytes(data, "data")
    data = bytes(data)
    payloads = []
    pos = 0
    while pos < len(data):
        digits = re.compile(rb"[0-9]*").match(data, pos).group()
        colon = pos + len(digits)
        if colon == len(data):
            break
        if not digits or data[colon] != ord(":"):
            raise ValueError(f"bad netstring length at offset {pos}: {data[pos:colon + 1]!r}")
        end = colon + 1 + int(digits)
        if end >= len(data):
            break
        if data[end] != ord(","):
            raise ValueError(f"netstring not followed by ',' at offset {end}")
        payloads.append(data[colon + 1:end])
        pos = end + 1
    return payloads, data[pos:]
