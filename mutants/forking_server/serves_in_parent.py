"""serve_forking handles each client in the parent (no fork): one client at a time."""


def serve_forking(listener, handler=echo_handler):
    while True:
        conn, _addr = listener.accept()
        with conn:
            try:
                handler(conn)
            except Exception:
                pass
