"""decode_netstrings waits for the colon before validating the length: b"01" or b"x" come back as a remainder.

The student looks for b":" first and treats "no colon yet" as incomplete, so
bytes that can never become valid are kept instead of rejected at once.
"""


def decode_netstrings(data):
    _check_bytes(data, "data")
    data = bytes(data)
    payloads = []
    pos = 0
    while pos < len(data):
        colon = data.find(b":", pos)
        if colon < 0:
            break  # length not complete yet
        digits = data[pos:colon]
        if not digits.isdigit() or (len(digits) > 1 and digits[0] == ord("0")):
            raise ValueError(f"bad netstring length: {digits!r}")
        end = colon + 1 + int(digits)
        if end >= len(data):
            break
        if data[end] != ord(","):
            raise ValueError(f"netstring not followed by ',' at offset {end}")
        payloads.append(data[colon + 1:end])
        pos = end + 1
    return payloads, data[pos:]
