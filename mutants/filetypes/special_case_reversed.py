"""mode_string writes S/S/T when the execute bit is set and s/s/t when it is not.

The two cases of the special letters are swapped: -rwSr-xr-x for 4755.
"""
import os


def mode_string(path) -> str:
    mode = os.lstat(path).st_mode
    letters = [_type_letter(mode)]
    for read, write, execute, special, special_letter in _CLASSES:
        letters.append("r" if mode & read else "-")
        letters.append("w" if mode & write else "-")
        if mode & special:
            letters.append(special_letter.upper() if mode & execute else special_letter)
        else:
            letters.append("x" if mode & execute else "-")
    return "".join(letters)
