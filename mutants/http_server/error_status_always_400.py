"""Every malformed request is answered 400, whatever status the HttpError carries (431, 413, 505, 501)."""


class Connection(Connection):
    def pump(self):
        if self.error is not None:
            self.error.status = 400
        super().pump()
