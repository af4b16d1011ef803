"""RequestReader has no size limits: no 431, no 413, unbounded buffering.

A client sending an endless header line or announcing a 10 GB body makes
the server buffer everything it sends.
"""


class RequestReader(RequestReader):
    def __init__(self, max_head=8192, max_body=1024 * 1024):
        super().__init__(max_head, max_body)
        self.max_head = self.max_body = 10**100
