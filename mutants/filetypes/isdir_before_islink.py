"""type_char asks os.path.isdir and isfile before islink, so links to files and dirs are not "l".

os.path.isdir and os.path.isfile follow symbolic links; only a broken link
reaches the islink test.
"""
import os


def type_char(path) -> str:
    if os.path.isdir(path):
        return "d"
    if os.path.isfile(path):
        return "-"
    if os.path.islink(path):
        return "l"
    return _type_letter(os.lstat(path).st_mode)
