"""Chunk sizes are read with int(size, 16), which accepts "+5", " 5", "0x5" and "5_0".

The chunk-size grammar is 1*HEXDIG; a lenient size reads a different body
than the next parser on the path.
"""


class RequestReader(RequestReader):
    def _step_size(self):
        found = self._line_end(self._pos)
        if found is None:
            return None
        end, after = found
        line = bytes(self._buf[self._pos:end])
        try:
            size = int(line.split(b";")[0], 16)
        except ValueError:
            raise HttpError(400, f"bad chunk size: {line!r}") from None
        if size < 0:
            raise HttpError(400, f"negative chunk size: {line!r}")
        self._total += size
        if self._total > self.max_body:
            raise HttpError(413, f"chunks announce {self._total} bytes")
        self._pos = after
        if size == 0:
            self._state, self._scan = "trailer", after
        else:
            self._need, self._state = size, "data"
        return _CONTINUE
