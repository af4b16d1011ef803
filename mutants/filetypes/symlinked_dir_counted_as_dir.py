"""count_types counts os.walk's dirnames as "d", though a link to a directory is listed there.

os.walk puts symbolic links to directories into dirnames (it does not walk
into them without followlinks=True), so they are counted as directories.
"""
import os
import stat


def count_types(directory) -> dict[str, int]:
    if not os.path.isdir(directory):
        os.scandir(directory).close()  # the right error for a missing path or a file
    counts: dict[str, int] = {}
    for root, dirnames, filenames in os.walk(directory):
        if dirnames:
            counts["d"] = counts.get("d", 0) + len(dirnames)
        for name in filenames:
            letter = stat.filemode(os.lstat(os.path.join(root, name)).st_mode)[0]
            counts[letter] = counts.get(letter, 0) + 1
    return counts
