"""A negative CPU time is not refused: only wall_seconds is checked."""


def classify_workload(cpu_seconds: float, wall_seconds: float) -> str:
    if wall_seconds <= 0:
        raise ValueError(f"wall_seconds must be > 0, got {wall_seconds!r}")
    return "cpu-bound" if cpu_seconds >= wall_seconds / 2 else "io-bound"
