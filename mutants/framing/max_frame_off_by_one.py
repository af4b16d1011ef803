"""The size guard uses >= instead of >: a frame of exactly max_frame is rejected."""


class FrameDecoder(FrameDecoder):
    def feed(self, data):
        buf = self._buf
        buf += data
        frames = []
        pos = 0
        while len(buf) - pos >= HEADER.size:
            (length,) = HEADER.unpack_from(buf, pos)
            if length >= self.max_frame:
                raise FrameTooLarge(f"frame of {length} bytes exceeds {self.max_frame}")
            end = pos + HEADER.size + length
            if end > len(buf):
                break
            frames.append(bytes(buf[pos + HEADER.size:end]))
            pos = end
        del buf[:pos]
        return frames


def recv_frame(sock, max_frame=MAX_FRAME):
    header = _recv_upto(sock, HEADER.size)
    if not header:
        return None
    if len(header) < HEADER.size:
        raise EOFError(f"peer closed inside a header: got {len(header)} bytes")
    (length,) = HEADER.unpack(header)
    if length >= max_frame:
        raise FrameTooLarge(f"frame of {length} bytes exceeds {max_frame}")
    payload = _recv_upto(sock, length)
    if len(payload) < length:
        raise EOFError(f"got {len(payload)} of {length} bytes")
    return payload
