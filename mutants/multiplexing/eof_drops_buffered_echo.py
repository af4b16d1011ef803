"""On recv() == b"" the client is closed at once, dropping the echo still buffered for it."""


def _finished_at_eof(self):
    return self.eof  # forgets the unsent echo


_Client.finished = _finished_at_eof
