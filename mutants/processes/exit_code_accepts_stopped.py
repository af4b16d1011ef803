"""exit_code treats every status that is not a normal exit as a signal: stopped and continued give a code."""
import os


def exit_code(status):
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    return -os.WTERMSIG(status)
