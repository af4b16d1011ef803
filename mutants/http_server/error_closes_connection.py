"""Every error response (404, 405) closes the connection, like a malformed request."""


class Connection(Connection):
    def answer(self, request):
        super().answer(request)
        if not self.output[0].startswith(b"HTTP/1.1 2"):
            self.closing = True
