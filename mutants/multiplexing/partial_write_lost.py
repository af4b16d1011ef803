"""The unsent part of a partial send is dropped: send(buffer) then clear()."""


def _write_once(self):
    self.sock.send(self.unsent)
    self.unsent.clear()  # assumes send took everything


_Client.write = _write_once
