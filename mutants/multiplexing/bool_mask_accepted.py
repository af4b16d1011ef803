"""event_names checks isinstance(mask, int) only: True passes as POLLIN."""


def event_names(mask):
    if not isinstance(mask, int):
        raise TypeError(f"an event mask must be an int, got {mask!r}")
    if mask < 0 or mask & ~ALL_FLAGS:
        raise ValueError(f"event mask {mask!r} has unknown bits")
    return sorted(name for name, bit in FLAGS.items() if mask & bit)
