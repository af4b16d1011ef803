"""mode_string puts the setuid letter in the group's place and setgid in the owner's.

S_ISUID and S_ISGID are paired with the wrong permission class.
"""
import stat

_CLASSES = (
    (stat.S_IRUSR, stat.S_IWUSR, stat.S_IXUSR, stat.S_ISGID, "s"),
    (stat.S_IRGRP, stat.S_IWGRP, stat.S_IXGRP, stat.S_ISUID, "s"),
    (stat.S_IROTH, stat.S_IWOTH, stat.S_IXOTH, stat.S_ISVTX, "t"),
)
