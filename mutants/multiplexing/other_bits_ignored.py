"""event_names ignores bits it does not know (POLLRDNORM, high bits) instead of raising ValueError."""


def event_names(mask):
    if isinstance(mask, bool) or not isinstance(mask, int):
        raise TypeError(f"an event mask must be an int, got {mask!r}")
    return sorted(name for name, bit in FLAGS.items() if mask & bit)
