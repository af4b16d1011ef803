"""Each recv replaces the unsent buffer instead of appending: echo still owed is lost."""


def _read_replacing(self):
    data = self.sock.recv(CHUNK)
    if data:
        self.unsent = bytearray(data)  # should be +=
    else:
        self.eof = True


_Client.read = _read_replacing
