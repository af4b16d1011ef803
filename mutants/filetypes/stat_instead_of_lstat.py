"""type_char and mode_string use os.stat, so symbolic links are followed.

A link shows its target's type and mode, and a broken link raises
FileNotFoundError instead of being an "l".
"""
import os


def type_char(path) -> str:
    return _type_letter(os.stat(path).st_mode)


def mode_string(path) -> str:
    mode = os.stat(path).st_mode
    letters = [_type_letter(mode)]
    for read, write, execute, special, special_letter in _CLASSES:
        letters.append("r" if mode & read else "-")
        letters.append("w" if mode & write else "-")
        if mode & special:
            letters.append(special_letter if mode & execute else special_letter.upper())
        else:
            letters.append("x" if mode & execute else "-")
    return "".join(letters)
