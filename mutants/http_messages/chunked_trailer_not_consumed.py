"""RequestReader ends a chunked body at the 0-size chunk, leaving the trailer lines in the buffer.

The trailer fields and their empty line are then parsed as the next request.
"""


class RequestReader(RequestReader):
    def _step_trailer(self):
        self._request.body = b"".join(self._pieces)
        self._pieces = []
        return self._finish()
