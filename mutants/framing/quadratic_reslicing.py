"""FrameDecoder.feed re-slices the buffer after every frame: quadratic in the input.

Each `buf = buf[end:]` copies everything behind the frame, so one chunk of
many small frames costs O(frames * size).
"""


class FrameDecoder(FrameDecoder):
    def feed(self, data):
        buf = bytes(self._buf) + bytes(data)
        frames = []
        while len(buf) >= HEADER.size:
            (length,) = HEADER.unpack_from(buf)
            if length > self.max_frame:
                raise FrameTooLarge(f"frame of {length} bytes exceeds {self.max_frame}")
            if len(buf) < HEADER.size + length:
                break
            frames.append(buf[HEADER.size:HEADER.size + length])
            buf = buf[HEADER.size + length:]
        self._buf = bytearray(buf)
        return frames
