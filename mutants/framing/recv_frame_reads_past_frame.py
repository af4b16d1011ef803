"""recv_frame reads in 4096-byte recvs and throws away what follows its frame.

The bytes of the next frame that came along in the same recv are lost.
"""


def recv_frame(sock, max_frame=MAX_FRAME):
    data = b""
    while len(data) < HEADER.size:
        chunk = sock.recv(4096)
        if not chunk:
            if data:
                raise EOFError(f"peer closed inside a header: got {len(data)} bytes")
            return None
        data += chunk
    (length,) = HEADER.unpack_from(data)
    if length > max_frame:
        raise FrameTooLarge(f"frame of {length} bytes exceeds {max_frame}")
    while len(data) < HEADER.size + length:
        chunk = sock.recv(4096)
        if not chunk:
            raise EOFError(f"got {len(data) - HEADER.size} of {length} bytes")
        data += chunk
    return data[HEADER.size:HEADER.size + length]
