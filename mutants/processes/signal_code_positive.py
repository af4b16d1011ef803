"""exit_code returns +signum for a signalled child instead of -signum."""
import os


def exit_code(status):
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    if os.WIFSIGNALED(status):
        return os.WTERMSIG(status)
    raise ValueError(f"wait status {status!r} is not an ended child")
