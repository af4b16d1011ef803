"""serve_echo skips a client whose first recv is b"" without closing its socket.

"Nothing to echo: next client" leaves the socket of a client that connected
and never sent open until the next accept rebinds `conn`.
"""


def serve_echo(listener):
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
