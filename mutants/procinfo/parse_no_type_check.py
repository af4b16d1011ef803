"""parse_stat_code does not check the type: None and b"S" give ValueError instead of TypeError.

A wrong type is a TypeError; a wrong value a ValueError.
"""


def parse_stat_code(code: str) -> StatCode:
    if not code or code[0] not in STATE_NAMES:
        raise ValueError(f"STAT code {code!r} does not start with a state letter")
    flags = dict.fromkeys(MODIFIERS.values(), False)
    for letter in code[1:]:
        field = MODIFIERS.get(letter)
        if field is None or flags[field]:
            raise ValueError(f"bad modifier {letter!r} in STAT code {code!r}")
        flags[field] = True
    if flags["high_priority"] and flags["low_priority"]:
        raise ValueError(f"STAT code {code!r} has both '<' and 'N'")
    return StatCode(code[0], STATE_NAMES[code[0]], **flags)
