"""serve_echo closes a client socket only when the client ends cleanly.

The close sits after the echo loop, inside the try: when recv or send
raises (a reset, a broken pipe) it is skipped, and the socket stays open
until the next accept rebinds `conn`.
"""


def serve_echo(listener):
    while True:
        conn, _addr = listener.accept()
        try:
            while True:
                data = conn.recv(4096)
                if not data:
                    break
                conn.sendall(data)
            conn.close()
        except (ConnectionResetError, BrokenPipeError):
            pass
