"""The letters of block and character devices are swapped: /dev/null shows "b".

c is for character devices (S_ISCHR), b for block devices (S_ISBLK).
"""
import stat

_TYPE_TESTS = (
    (stat.S_ISREG, "-"),
    (stat.S_ISDIR, "d"),
    (stat.S_ISLNK, "l"),
    (stat.S_ISCHR, "b"),
    (stat.S_ISBLK, "c"),
    (stat.S_ISSOCK, "s"),
    (stat.S_ISFIFO, "p"),
)
