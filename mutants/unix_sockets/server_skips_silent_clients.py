"""serve_unix_echo goes on to the next client when the first recv is b"", without closing the silent one's socket."""


def serve_unix_echo(listener):
    while True:
        conn, _addr = listener.accept()
        data = conn.recv(4096)
        if not data:
            continue  # nothing to echo
        with conn:
            try:
                while data:
                    conn.sendall(data)
                    data = conn.recv(4096)
            except (ConnectionResetError, BrokenPipeError):
                pass
