"""serve_unix_echo never closes client sockets: no EOF for the client, one descriptor per client until the next accept."""


def serve_unix_echo(listener):
    while True:
        conn, _addr = listener.accept()
        try:
            while data := conn.recv(4096):
                conn.sendall(data)
        except (ConnectionResetError, BrokenPipeError):
            pass
