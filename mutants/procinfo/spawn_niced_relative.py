"""spawn_niced calls os.nice(niceness) in the child: relative to the caller's niceness, not absolute.

From a caller at niceness 2, spawn_niced(argv, 10) runs the child at 12.
"""


def spawn_niced(argv, niceness):
    _check_niceness(niceness)
    try:
        return subprocess.Popen(argv, preexec_fn=lambda: os.nice(niceness))
    except subprocess.SubprocessError:
        raise PermissionError(errno.EACCES, f"not permitted to set niceness {niceness}") from None
