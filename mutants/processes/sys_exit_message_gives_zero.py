"""sys.exit("message") in the child gives exit code 0 instead of 1."""


def _code_of_system_exit(code):
    return code if isinstance(code, int) else 0
