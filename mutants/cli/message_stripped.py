"""The message is strip()ped and its spaces collapsed, as if it were several words."""

_WHOLE_MESSAGE_CLIENT = _echo_client


def _echo_client(host: str, port: int, message: str) -> int:
    return _WHOLE_MESSAGE_CLIENT(host, port, " ".join(message.split()))
