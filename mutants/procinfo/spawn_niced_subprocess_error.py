"""spawn_niced lets Popen's SubprocessError out when the child may not lower its niceness.

Popen turns the preexec_fn's PermissionError into SubprocessError; the
contract asks for PermissionError.
"""


def spawn_niced(argv, niceness):
    _check_niceness(niceness)
    return subprocess.Popen(
        argv, preexec_fn=lambda: os.setpriority(os.PRIO_PROCESS, 0, niceness))
