"""count_types counts the directory it was given as one more "d".

Only the entries below the directory are counted, not the directory itself.
"""
_real_count_types = count_types


def count_types(directory) -> dict[str, int]:
    counts = _real_count_types(directory)
    counts["d"] = counts.get("d", 0) + 1
    return counts
