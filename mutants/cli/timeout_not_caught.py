"""Only refused and unresolvable caught: a TimeoutError ends in a traceback."""


def _echo_client(host: str, port: int, message: str) -> int:
    try:
        reply = tcp.echo_client((host, port), message.encode("utf-8"))
    except (ConnectionRefusedError, socket.gaierror) as exc:
        return _error(f"{host}:{port}: {_describe(exc)}")
    print(reply.decode("utf-8", errors="replace"))
    return 0
