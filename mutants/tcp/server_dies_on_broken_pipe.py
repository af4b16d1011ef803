"""serve_echo catches ConnectionResetError only: a BrokenPipeError on send ends the server."""


def serve_echo(listener):
    while True:
        conn, _addr = listener.accept()
        with conn:
            try:
                while True:
                    data = conn.recv(4096)
                    if not data:
                        break
                    conn.sendall(data)
            except ConnectionResetError:
                pass
