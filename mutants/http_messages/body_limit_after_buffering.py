"""413 is raised only once the whole body has been buffered, not when Content-Length announces it.

A client announcing 10 GB makes the server buffer it all before the check.
"""


class RequestReader(RequestReader):
    def _step_head(self):
        limit, self.max_body = self.max_body, 10**100
        try:
            return super()._step_head()
        finally:
            self.max_body = limit

    def _step_body(self):
        if self._need > self.max_body and len(self._buf) - self._pos >= self._need:
            raise HttpError(413, f"body of {self._need} bytes exceeds max_body")
        return super()._step_body()
