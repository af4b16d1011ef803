"""mode_string writes s/s/t for the special bits whether or not the execute bit is set.

A setuid file without owner execute shows -rwsr--r-- instead of -rwSr--r--.
"""
import os


def mode_string(path) -> str:
    mode = os.lstat(path).st_mode
    letters = [_type_letter(mode)]
    for read, write, execute, special, special_letter in _CLASSES:
        letters.append("r" if mode & read else "-")
        letters.append("w" if mode & write else "-")
        if mode & special:
            letters.append(special_letter)
        else:
            letters.append("x" if mode & execute else "-")
    return "".join(letters)
