"""serve_echo has no accept loop: it serves one client and returns."""


def serve_echo(listener):
    conn, _addr = listener.accept()
    with conn:
        while True:
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)
