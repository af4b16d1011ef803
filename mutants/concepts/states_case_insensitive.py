"""State names lower-cased before checking: "Running" accepted instead of ValueError."""


def can_transition(src: str, dst: str) -> bool:
    _check_state(src)
    _check_state(dst)
    return (src.lower(), dst.lower()) in _TRANSITIONS


def _check_state(state) -> None:
    if not isinstance(state, str):
        raise TypeError(f"a process state must be a str, got {state!r}")
    if state.lower() not in _STATES:
        raise ValueError(f"unknown process state {state!r}")
