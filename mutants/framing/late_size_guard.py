"""FrameDecoder checks max_frame only once the whole body is buffered.

A peer announcing 4 GiB makes the decoder buffer everything it sends before
the guard ever runs.
"""


class FrameDecoder(FrameDecoder):
    def feed(self, data):
        buf = self._buf
        buf += data
        frames = []
        pos = 0
        while len(buf) - pos >= HEADER.size:
            (length,) = HEADER.unpack_from(buf, pos)
            end = pos + HEADER.size + length
            if end > len(buf):
                break
            if length > self.max_frame:
                raise FrameTooLarge(f"frame of {length} bytes exceeds {self.max_frame}")
            frames.append(bytes(buf[pos + HEADER.size:end]))
            pos = end
        del buf[:pos]
        return frames
