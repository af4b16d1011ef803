"""RequestReader.feed raises HttpError without the requests it completed before the error.

The server then cannot answer the good requests pipelined before the bad
one; `completed` must hold them, in order.
"""


class RequestReader(RequestReader):
    def feed(self, data):
        try:
            return super().feed(data)
        except HttpError as exc:
            raise HttpError(exc.status, exc.detail) from None
