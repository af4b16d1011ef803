"""On a malformed request the requests completed before it are dropped: the error comes first."""


class Connection(Connection):
    def pump(self):
        if self.error is not None and not self.closing:
            self.requests.clear()
        super().pump()
