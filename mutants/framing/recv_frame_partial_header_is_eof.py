"""recv_frame returns None (clean end) when the peer closes inside a header."""


def recv_frame(sock, max_frame=MAX_FRAME):
    header = _recv_upto(sock, HEADER.size)
    if len(header) < HEADER.size:
        return None  # bug: only an empty header means a clean close
    (length,) = HEADER.unpack(header)
    if length > max_frame:
        raise FrameTooLarge(f"frame of {length} bytes exceeds {max_frame}")
    payload = _recv_upto(sock, length)
    if len(payload) < length:
        raise EOFError(f"got {len(payload)} of {length} bytes")
    return payload
