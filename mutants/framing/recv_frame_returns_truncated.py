"""recv_frame returns the partial payload when the peer closes inside a body."""


def recv_frame(sock, max_frame=MAX_FRAME):
    header = _recv_upto(sock, HEADER.size)
    if not header:
        return None
    if len(header) < HEADER.size:
        raise EOFError(f"peer closed inside a header: got {len(header)} bytes")
    (length,) = HEADER.unpack(header)
    if length > max_frame:
        raise FrameTooLarge(f"frame of {length} bytes exceeds {max_frame}")
    return _recv_upto(sock, length)  # bug: a short payload is not an error here
