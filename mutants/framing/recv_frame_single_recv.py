"""recv_frame assumes one recv returns a whole header and one more the whole body.

The student calls recv(4) then recv(length) once each, as if TCP kept message
boundaries: a header or body that arrives in pieces comes back short.
"""


def recv_frame(sock, max_frame=MAX_FRAME):
    header = sock.recv(HEADER.size)
    if not header:
        return None
    if len(header) < HEADER.size:
        raise EOFError(f"peer closed inside a header: got {len(header)} bytes")
    (length,) = HEADER.unpack(header)
    if length > max_frame:
        raise FrameTooLarge(f"frame of {length} bytes exceeds {max_frame}")
    return sock.recv(length) if length else b""
