"""parse_stat_code matches one fixed pattern in ps's order, so "S+s" or "Sls" are refused.

The contract accepts the modifiers in any order.
"""
import re

_PATTERN = re.compile(r"([DIRSTtWXZ])(<?)(N?)(L?)(s?)(l?)(\+?)")


def parse_stat_code(code: str) -> StatCode:
    if not isinstance(code, str):
        raise TypeError(f"a STAT code is a str, got {code!r}")
    match = _PATTERN.fullmatch(code)
    if not match or (match[2] and match[3]):
        raise ValueError(f"not a STAT code: {code!r}")
    state, *letters = match.groups()
    return StatCode(state, STATE_NAMES[state], *(bool(x) for x in letters))
