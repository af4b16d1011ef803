"""Only the first request of each recv is answered; pipelined ones after it are dropped."""


class _FirstOnly(http_messages.RequestReader):
    def feed(self, data):
        return super().feed(data)[:1]


class Connection(Connection):
    def __init__(self, *args):
        super().__init__(*args)
        self.reader = _FirstOnly()
