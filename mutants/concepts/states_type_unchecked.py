"""No type check on the states: None or 2 give ValueError (or False), not TypeError."""


def _check_state(state) -> None:
    if state not in _STATES:
        raise ValueError(f"unknown process state {state!r}")
