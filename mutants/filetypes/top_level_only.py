"""count_types counts only the first level: subdirectories are not walked.

The entries inside subdirectories (at any depth) must be counted too.
"""
import os


def count_types(directory) -> dict[str, int]:
    counts: dict[str, int] = {}
    with os.scandir(directory) as entries:
        for entry in entries:
            letter = _type_letter(entry.stat(follow_symlinks=False).st_mode)
            counts[letter] = counts.get(letter, 0) + 1
    return counts
