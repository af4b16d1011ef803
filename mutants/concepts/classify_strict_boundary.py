"""cpu > wall / 2 instead of >=: exactly half is called io-bound."""


def classify_workload(cpu_seconds: float, wall_seconds: float) -> str:
    if wall_seconds <= 0:
        raise ValueError(f"wall_seconds must be > 0, got {wall_seconds!r}")
    if cpu_seconds < 0:
        raise ValueError(f"cpu_seconds must be >= 0, got {cpu_seconds!r}")
    return "cpu-bound" if cpu_seconds > wall_seconds / 2 else "io-bound"
