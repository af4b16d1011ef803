"""recv_frame takes an empty payload for the peer closing and returns None."""


def recv_frame(sock, max_frame=MAX_FRAME):
    header = _recv_upto(sock, HEADER.size)
    if not header:
        return None
    if len(header) < HEADER.size:
        raise EOFError(f"peer closed inside a header: got {len(header)} bytes")
    (length,) = HEADER.unpack(header)
    if length > max_frame:
        raise FrameTooLarge(f"frame of {length} bytes exceeds {max_frame}")
    payload = _recv_upto(sock, length)
    if not payload:
        return None  # nothing came: the peer must have closed
    if len(payload) < length:
        raise EOFError(f"got {len(payload)} of {length} bytes")
    return payload
