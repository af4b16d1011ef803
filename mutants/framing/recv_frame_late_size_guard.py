"""recv_frame reads the whole body before checking it against max_frame."""


def recv_frame(sock, max_frame=MAX_FRAME):
    header = _recv_upto(sock, HEADER.size)
    if not header:
        return None
    if len(header) < HEADER.size:
        raise EOFError(f"peer closed inside a header: got {len(header)} bytes")
    (length,) = HEADER.unpack(header)
    payload = _recv_upto(sock, length)
    if length > max_frame:
        raise FrameTooLarge(f"frame of {length} bytes exceeds {max_frame}")
    if len(payload) < length:
        raise EOFError(f"got {len(payload)} of {length} bytes")
    return payload
