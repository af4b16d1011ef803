"""serve_echo never closes client sockets (the fd stays open, no FIN is sent)."""


def serve_echo(listener):
    while True:
        conn, _addr = listener.accept()
        try:
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                conn.sendall(data)
        except (ConnectionResetError, BrokenPipeError):
            pass
        # forgot conn.close(): the socket lives until `conn` is rebound
