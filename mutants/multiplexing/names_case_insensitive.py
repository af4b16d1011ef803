"""event_mask upper-cases and strips the names: "pollin" is accepted."""


def event_mask(names):
    if isinstance(names, (str, bytes)):
        raise TypeError(f"names must be an iterable of flag names, not {names!r}")
    mask = 0
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"a flag name must be a str, got {name!r}")
        key = name.strip().upper()
        if key not in FLAGS:
            raise ValueError(f"unknown poll flag name {name!r}")
        mask |= FLAGS[key]
    return mask
