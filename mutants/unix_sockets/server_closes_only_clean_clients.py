"""serve_unix_echo closes a client socket only after a clean end: a reset or a broken pipe skips the close."""


def serve_unix_echo(listener):
    while True:
        conn, _addr = listener.accept()
        try:
            while data := conn.recv(4096):
                conn.sendall(data)
            conn.close()
        except (ConnectionResetError, BrokenPipeError):
            pass
