"""event_mask validates the names in one pass and combines them in a second: a generator is empty the second time."""


def event_mask(names):
    if isinstance(names, (str, bytes)):
        raise TypeError(f"names must be an iterable of flag names, not {names!r}")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"a flag name must be a str, got {name!r}")
        if name not in FLAGS:
            raise ValueError(f"unknown poll flag name {name!r}")
    mask = 0
    for name in names:
        mask |= FLAGS[name]
    return mask
