"""spawn_niced sets the niceness on the caller and starts the child from there, never restoring it.

The child inherits the niceness, but the caller is left niced too.
"""


def spawn_niced(argv, niceness):
    _check_niceness(niceness)
    os.setpriority(os.PRIO_PROCESS, 0, niceness)
    return subprocess.Popen(argv)
