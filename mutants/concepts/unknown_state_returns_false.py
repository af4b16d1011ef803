"""An unknown state is just "not in the table": False instead of ValueError."""


def can_transition(src: str, dst: str) -> bool:
    if not isinstance(src, str) or not isinstance(dst, str):
        raise TypeError(f"states must be str, got {src!r}, {dst!r}")
    return (src, dst) in _TRANSITIONS
