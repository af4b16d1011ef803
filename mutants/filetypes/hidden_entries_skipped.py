"""count_types walks with glob, which skips names starting with a dot.

Hidden files, and everything inside hidden directories, are not counted.
"""
import glob
import os


def count_types(directory) -> dict[str, int]:
    os.scandir(directory).close()  # FileNotFoundError / NotADirectoryError as asked
    counts: dict[str, int] = {}
    for path in glob.glob(os.path.join(glob.escape(str(directory)), "**"), recursive=True):
        if os.path.samefile(path, directory) and not os.path.islink(path):
            continue
        letter = _type_letter(os.lstat(path).st_mode)
        counts[letter] = counts.get(letter, 0) + 1
    return counts
