"""parse_stat_code accepts a modifier twice ("Sss", "S++").

Each modifier may appear at most once.
"""


def parse_stat_code(code: str) -> StatCode:
    if not isinstance(code, str):
        raise TypeError(f"a STAT code is a str, got {code!r}")
    if not code or code[0] not in STATE_NAMES:
        raise ValueError(f"STAT code {code!r} does not start with a state letter")
    flags = dict.fromkeys(MODIFIERS.values(), False)
    for letter in code[1:]:
        if letter not in MODIFIERS:
            raise ValueError(f"unknown modifier {letter!r} in STAT code {code!r}")
        flags[MODIFIERS[letter]] = True
    if flags["high_priority"] and flags["low_priority"]:
        raise ValueError(f"STAT code {code!r} has both '<' and 'N'")
    return StatCode(code[0], STATE_NAMES[code[0]], **flags)
