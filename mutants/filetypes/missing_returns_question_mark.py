"""type_char and mode_string return "?" (or a "?" mode) for a missing path instead of raising.

The FileNotFoundError of os.lstat is caught and hidden from the caller.
"""
import os


def type_char(path) -> str:
    try:
        return _type_letter(os.lstat(path).st_mode)
    except OSError:
        return "?"


_real_mode_string = mode_string


def mode_string(path) -> str:
    if not os.path.lexists(path):
        return "?---------"
    return _real_mode_string(path)
