"""The status range check is 100 <= status < 599: 599 is refused.

Status codes run from 100 to 599 inclusive (RFC 9110 §15).
"""


def _check_status(status):
    _check_int(status, "status")
    if not 100 <= status < 599:
        raise ValueError(f"status must be in 100-599, got {status!r}")
