"""The size limits use >= instead of >: a head of exactly max_head bytes, or a body of exactly max_body, is refused."""


class RequestReader(RequestReader):
    def __init__(self, max_head=8192, max_body=1024 * 1024):
        super().__init__(max_head, max_body)
        self.max_head, self.max_body = max_head - 1, max_body - 1
