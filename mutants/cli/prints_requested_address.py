"""Announces the arguments (host name, port 0) instead of getsockname()'s address and port."""


def _echo_server(host: str, port: int) -> int:
    try:
        listener = socket.create_server((host, port))
    except OSError as exc:
        return _error(f"cannot listen on {host}:{port}: {_describe(exc)}")
    with listener:
        print(f"listening on {host}:{port}", flush=True)
        tcp.serve_echo(listener)
    return 0
