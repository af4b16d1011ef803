"""LineDecoder accepts an empty delimiter (feed then loops forever on find(b"") == 0)."""


class LineDecoder(LineDecoder):
    def __init__(self, delimiter=b"\n", max_line=65536):
        self.delimiter = bytes(delimiter)
        self.max_line = max_line
        self._buf = bytearray()
        self._scan = 0
