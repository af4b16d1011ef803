"""LineDecoder bounds only a partial line: a complete over-long line is returned."""

_ReferenceLineDecoder = LineDecoder


class LineDecoder(_ReferenceLineDecoder):
    def feed(self, data):
        _check_bytes(data, "data")
        buf, delim = self._buf, self.delimiter
        buf += data
        lines = []
        start = 0
        pos = self._scan
        while (i := buf.find(delim, pos)) >= 0:
            lines.append(bytes(buf[start:i]))
            start = pos = i + len(delim)
        del buf[:start]
        if len(buf) >= self.max_line + len(delim):
            raise LineTooLong(f"line of more than {self.max_line} bytes without a delimiter")
        self._scan = max(0, len(buf) - len(delim) + 1)
        return lines
