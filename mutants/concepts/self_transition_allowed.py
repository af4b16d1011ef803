"""A state "moves" to itself: can_transition("running", "running") is True."""


def can_transition(src: str, dst: str) -> bool:
    _check_state(src)
    _check_state(dst)
    return src == dst or (src, dst) in _TRANSITIONS
