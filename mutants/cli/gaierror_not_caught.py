"""Only ConnectionError and TimeoutError caught: socket.gaierror (not a ConnectionError) escapes."""


def _echo_client(host: str, port: int, message: str) -> int:
    try:
        reply = tcp.echo_client((host, port), message.encode("utf-8"))
    except (ConnectionError, TimeoutError) as exc:
        return _error(f"{host}:{port}: {_describe(exc)}")
    print(reply.decode("utf-8", errors="replace"))
    return 0
