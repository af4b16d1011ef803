"""parse_stat_code accepts "<" and "N" together ("S<N").

A niceness cannot be below 0 and above 0 at once.
"""


def parse_stat_code(code: str) -> StatCode:
    if not isinstance(code, str):
        raise TypeError(f"a STAT code is a str, got {code!r}")
    if not code or code[0] not in STATE_NAMES:
        raise ValueError(f"STAT code {code!r} does not start with a state letter")
    flags = dict.fromkeys(MODIFIERS.values(), False)
    for letter in code[1:]:
        field = MODIFIERS.get(letter)
        if field is None or flags[field]:
            raise ValueError(f"bad modifier {letter!r} in STAT code {code!r}")
        flags[field] = True
    return StatCode(code[0], STATE_NAMES[code[0]], **flags)
