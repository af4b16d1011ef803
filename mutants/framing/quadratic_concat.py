"""FrameDecoder keeps its buffer as bytes and rebuilds it on every feed: quadratic.

`self._buf = self._buf + data` copies the whole partial frame for each chunk,
so a big frame arriving in small recvs costs O(size**2 / chunk).
"""


class FrameDecoder(FrameDecoder):
    def __init__(self, max_frame=MAX_FRAME):
        super().__init__(max_frame)
        self._buf = b""

    def feed(self, data):
        self._buf = self._buf + bytes(data)
        frames = []
        pos = 0
        while len(self._buf) - pos >= HEADER.size:
            (length,) = HEADER.unpack_from(self._buf, pos)
            if length > self.max_frame:
                raise FrameTooLarge(f"frame of {length} bytes exceeds {self.max_frame}")
            end = pos + HEADER.size + length
            if end > len(self._buf):
                break
            frames.append(self._buf[pos + HEADER.size:end])
            pos = end
        if pos:
            self._buf = self._buf[pos:]
        return frames
