"""print(reply) on bytes: the output is "b'hello world'"."""


def _echo_client(host: str, port: int, message: str) -> int:
    try:
        reply = tcp.echo_client((host, port), message.encode("utf-8"))
    except OSError as exc:
        return _error(f"{host}:{port}: {_describe(exc)}")
    print(reply)
    return 0
