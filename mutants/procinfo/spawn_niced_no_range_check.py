"""spawn_niced does not check -20..19: setpriority quietly clamps 20 to 19 and -21 to -20.

Out-of-range values must raise ValueError before anything starts.
"""


def _check_niceness(niceness) -> None:
    if isinstance(niceness, bool) or not isinstance(niceness, int):
        raise TypeError(f"niceness must be an int, got {niceness!r}")
