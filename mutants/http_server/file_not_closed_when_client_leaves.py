"""A client that leaves mid-download leaves its file open: the queued output is dropped, not closed."""


class Connection(Connection):
    def close(self):
        self.output.clear()
        super().close()
