"""FrameDecoder.feed leaves out empty frames (`if payload:` before appending)."""


class FrameDecoder(FrameDecoder):
    def feed(self, data):
        return [frame for frame in super().feed(data) if frame]
