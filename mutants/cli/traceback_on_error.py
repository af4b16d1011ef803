"""No except around the client: refused, timed out or unresolvable end in a traceback."""


def _echo_client(host: str, port: int, message: str) -> int:
    reply = tcp.echo_client((host, port), message.encode("utf-8"))
    print(reply.decode("utf-8", errors="replace"))
    return 0
