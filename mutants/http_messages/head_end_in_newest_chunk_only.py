"""RequestReader looks for the end of the head only in the newest chunk.

Like `if b"\r\n\r\n" in data:` on what recv just returned: when the empty
line is split across two chunks (b"\r\n\r" then b"\n"), neither chunk holds
it, and the request is never returned.
"""


class RequestReader(RequestReader):
    _newest = 1 << 62  # parse_request hands over everything at once

    def feed(self, data):
        self._newest = len(data)
        return super().feed(data)

    def _find_block(self, limit_status, what):
        buf, pos = self._buf, self._pos
        match = _HEAD_END.search(buf, max(pos, len(buf) - self._newest))
        if match is None:
            if len(buf) - pos > self.max_head:
                raise HttpError(limit_status, f"{what} longer than max_head")
            return None
        end = match.end()
        if end - pos > self.max_head:
            raise HttpError(limit_status, f"{what} of {end - pos} bytes exceeds max_head")
        return bytes(buf[pos:match.start()]), end
