"""event_names lists the flags in bit order (POLLIN, POLLPRI, POLLOUT, ...), not sorted."""
import select


def event_names(mask):
    if isinstance(mask, bool) or not isinstance(mask, int):
        raise TypeError(f"an event mask must be an int, got {mask!r}")
    if mask < 0 or mask & ~ALL_FLAGS:
        raise ValueError(f"event mask {mask!r} has unknown bits")
    order = ["POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL"]
    return [name for name in order if mask & getattr(select, name)]
