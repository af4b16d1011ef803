"""The two bytes after chunk data are skipped without checking that they are CRLF.

A chunk longer than its size then goes unnoticed, and the parser and the
sender disagree on where the next chunk starts.
"""


class RequestReader(RequestReader):
    def _step_data_end(self):
        if len(self._buf) - self._pos < 2:
            return None
        self._pos += 2
        self._state = "size"
        return _CONTINUE
