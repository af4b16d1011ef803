"""The letters of FIFOs and sockets are swapped: a FIFO shows "s", a socket "p".

p stands for pipe (FIFO), s for socket.
"""
import stat

_TYPE_TESTS = (
    (stat.S_ISREG, "-"),
    (stat.S_ISDIR, "d"),
    (stat.S_ISLNK, "l"),
    (stat.S_ISCHR, "c"),
    (stat.S_ISBLK, "b"),
    (stat.S_ISSOCK, "p"),
    (stat.S_ISFIFO, "s"),
)
