"""FrameDecoder accepts any max_frame (negative, True, "10") without checking it."""

_ReferenceFrameDecoder = FrameDecoder


class FrameDecoder(_ReferenceFrameDecoder):
    def __init__(self, max_frame=MAX_FRAME):
        self.max_frame = max_frame
        self._buf = bytearray()
