"""parse_request refuses header lines that end in a bare LF instead of CRLF.

RFC 9112 §2.2 lets a recipient accept LF alone as a line terminator, and
the contract requires it.
"""


def _split_lines(head):
    lines = head.split(b"\n")
    for line in lines:
        if not line.endswith(b"\r"):
            raise HttpError(400, f"line not ended by CRLF: {line!r}")
    return [line[:-1] for line in lines]
