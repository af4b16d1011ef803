"""serve_echo never checks for b"": after a client leaves it spins echoing nothing."""


def serve_echo(listener):
    while True:
        conn, _addr = listener.accept()
        with conn:
            try:
                while True:
                    conn.sendall(conn.recv(4096))
            except (ConnectionResetError, BrokenPipeError):
                pass
