"""LineDecoder's partial-line bound ignores the delimiter: max_line bytes plus half a b"\\r\\n" is rejected.

The student raises once more than max_line bytes are buffered without a
delimiter, but those bytes may be a full-length line and the start of its
delimiter.
"""


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
        if len(buf) > self.max_line:
            raise LineTooLong(f"line longer than {self.max_line} bytes")
        self._scan = max(0, len(buf) - len(delim) + 1)
        return lines
