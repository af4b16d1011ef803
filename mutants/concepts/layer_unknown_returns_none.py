"""dict.get: an unknown protocol gives None instead of LookupError."""


def layer_of(protocol: str) -> str:
    if not isinstance(protocol, str):
        raise TypeError(f"protocol must be a str, got {protocol!r}")
    return _LAYER_OF.get(protocol.lower())
