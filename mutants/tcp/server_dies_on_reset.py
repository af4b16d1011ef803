"""serve_echo has no except: a client's ConnectionResetError ends the server."""


def serve_echo(listener):
    while True:
        conn, _addr = listener.accept()
        with conn:
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                conn.sendall(data)
