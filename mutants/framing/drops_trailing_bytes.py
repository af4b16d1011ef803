"""FrameDecoder.feed returns one frame and clears the buffer: bytes after it are lost.

The student handles "one message per chunk" and resets the buffer once a frame
is out, dropping further frames and the start of the next one (粘包).
"""


class FrameDecoder(FrameDecoder):
    def feed(self, data):
        self._buf += data
        if len(self._buf) < HEADER.size:
            return []
        (length,) = HEADER.unpack_from(self._buf)
        if length > self.max_frame:
            raise FrameTooLarge(f"frame of {length} bytes exceeds {self.max_frame}")
        if len(self._buf) < HEADER.size + length:
            return []
        frame = bytes(self._buf[HEADER.size:HEADER.size + length])
        self._buf = bytearray()  # message done, start afresh
        return [frame]
