"""recv_frame never validates max_frame: -1 rejects every frame after reading its header, True is taken as 1."""


def recv_frame(sock, max_frame=MAX_FRAME):
    header = _recv_upto(sock, HEADER.size)
    if not header:
        return None
    if len(header) < HEADER.size:
        raise EOFError(f"peer closed inside a frame header: got {len(header)} of {HEADER.size} bytes")
    (length,) = HEADER.unpack(header)
    if length > max_frame:
        raise FrameTooLarge(f"frame header announces {length} bytes, max_frame is {max_frame}")
    payload = _recv_upto(sock, length)
    if len(payload) < length:
        raise EOFError(f"peer closed inside a frame: got {len(payload)} of {length} payload bytes")
    return payload
