"""Client sockets stay blocking and the echo goes out with sendall: one client that does not read freezes the server."""


def _accept(listener, limit=None):
    try:
        conn, _addr = listener.accept()
    except (BlockingIOError, InterruptedError, ConnectionAbortedError):
        return None
    if limit is not None and conn.fileno() >= limit:
        conn.close()
        return None
    return conn  # forgot conn.setblocking(False)


def _write_all(self):
    self.sock.sendall(self.unsent)  # waits until this client reads
    self.unsent.clear()


_Client.write = _write_all
