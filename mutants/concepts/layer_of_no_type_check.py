"""No type check: a non-str protocol fails with AttributeError (or is looked up)."""


def layer_of(protocol: str) -> str:
    try:
        return _LAYER_OF[protocol.lower()]
    except KeyError:
        raise LookupError(f"unknown protocol: {protocol!r}") from None
