"""The "listening on" line printed without flush: through a pipe it stays in the buffer."""


def _echo_server(host: str, port: int) -> int:
    try:
        listener = socket.create_server((host, port))
    except OSError as exc:
        return _error(f"cannot listen on {host}:{port}: {_describe(exc)}")
    with listener:
        bound_host, bound_port = listener.getsockname()[:2]
        print(f"listening on {bound_host}:{bound_port}")
        tcp.serve_echo(listener)
    return 0
