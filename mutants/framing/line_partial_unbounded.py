"""LineDecoder checks max_line only on complete lines: a line without a delimiter grows forever."""


class LineDecoder(LineDecoder):
    def feed(self, data):
        buf, delim = self._buf, self.delimiter
        buf += data
        lines = []
        start = 0
        pos = self._scan
        while (i := buf.find(delim, pos)) >= 0:
            if i - start > self.max_line:
                raise LineTooLong(f"line of {i - start} bytes exceeds {self.max_line}")
            lines.append(bytes(buf[start:i]))
            start = pos = i + len(delim)
        del buf[:start]
        self._scan = max(0, len(buf) - len(delim) + 1)
        return lines
