"""LineDecoder resumes its search after the old buffer end: a delimiter split across chunks is missed.

The student skips already-scanned bytes but forgets that b"\\r" of b"\\r\\n"
may be the last byte of the previous chunk.
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
        if len(buf) >= self.max_line + len(delim):
            raise LineTooLong(f"line longer than {self.max_line} bytes")
        self._scan = len(buf)  # bug: should back up len(delim) - 1 bytes
        return lines
