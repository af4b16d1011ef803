"""No check of the timeout: 0 means non-blocking, a negative one fails inside settimeout without naming it (or waits for ever in poll), True means 1 s."""


def _check_timeout(timeout):
    pass
