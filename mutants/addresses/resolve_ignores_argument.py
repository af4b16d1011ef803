"""gethostbyname(gethostname()): this host's address whatever name is asked."""


def resolve_ipv4(hostname: str) -> str:
    return socket.gethostbyname(socket.gethostname())
