"""event_mask iterates a plain str letter by letter ("P", "O", ...) instead of raising TypeError."""


def event_mask(names):
    mask = 0
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"a flag name must be a str, got {name!r}")
        if name not in FLAGS:
            raise ValueError(f"unknown poll flag name {name!r}")
        mask |= FLAGS[name]
    return mask
