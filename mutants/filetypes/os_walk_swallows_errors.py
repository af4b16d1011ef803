"""count_types uses os.walk, which yields nothing for a missing path or a file: {} instead of an error.

os.walk hands its errors to onerror (None by default), so FileNotFoundError
and NotADirectoryError never reach the caller.
"""
import os


def count_types(directory) -> dict[str, int]:
    counts: dict[str, int] = {}
    for root, dirnames, filenames in os.walk(directory):
        for name in dirnames + filenames:
            letter = _type_letter(os.lstat(os.path.join(root, name)).st_mode)
            counts[letter] = counts.get(letter, 0) + 1
    return counts
