"""serve_unix_echo catches ConnectionResetError but not BrokenPipeError: a client that leaves while it sends ends the server."""


def serve_unix_echo(listener):
    while True:
        conn, _addr = listener.accept()
        with conn:
            try:
                while data := conn.recv(4096):
                    conn.sendall(data)
            except ConnectionResetError:
                pass
