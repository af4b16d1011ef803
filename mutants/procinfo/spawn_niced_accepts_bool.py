"""spawn_niced takes True as niceness 1 (a bool passes isinstance(n, int)).

Only the range is checked, and the type only through what setpriority accepts.
"""


def _check_niceness(niceness) -> None:
    if not isinstance(niceness, int):
        raise TypeError(f"niceness must be an int, got {niceness!r}")
    if not NICE_MIN <= niceness <= NICE_MAX:
        raise ValueError(f"niceness must be in {NICE_MIN}..{NICE_MAX}, got {niceness!r}")
