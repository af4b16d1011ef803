"""reply.decode() without errors="replace": invalid UTF-8 from the server crashes the client."""


def _echo_client(host: str, port: int, message: str) -> int:
    try:
        reply = tcp.echo_client((host, port), message.encode("utf-8"))
    except OSError as exc:
        return _error(f"{host}:{port}: {_describe(exc)}")
    print(reply.decode("utf-8"))
    return 0
