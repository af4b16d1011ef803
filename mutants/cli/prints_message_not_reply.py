"""Prints the message it sent instead of what the server sent back."""


def _echo_client(host: str, port: int, message: str) -> int:
    try:
        tcp.echo_client((host, port), message.encode("utf-8"))
    except OSError as exc:
        return _error(f"{host}:{port}: {_describe(exc)}")
    print(message)
    return 0
