"""RequestReader takes everything buffered after the head as the body, not Content-Length bytes.

Works for one request per connection; with pipelining the next request is
swallowed into the previous one's body.
"""


class RequestReader(RequestReader):
    def _step_body(self):
        if len(self._buf) - self._pos < self._need:
            return None
        request = self._request
        request.body = bytes(self._buf[self._pos:])
        self._pos = len(self._buf)
        return self._finish()
