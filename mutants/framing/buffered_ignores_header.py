"""FrameDecoder.buffered counts only body bytes, not the header bytes buffered."""


class FrameDecoder(FrameDecoder):
    @property
    def buffered(self):
        return max(0, len(self._buf) - HEADER.size)
