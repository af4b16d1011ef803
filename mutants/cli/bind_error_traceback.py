"""A failed bind is not caught: a traceback on stderr instead of one line."""


def _echo_server(host: str, port: int) -> int:
    with socket.create_server((host, port)) as listener:
        bound_host, bound_port = listener.getsockname()[:2]
        print(f"listening on {bound_host}:{bound_port}", flush=True)
        tcp.serve_echo(listener)
    return 0
