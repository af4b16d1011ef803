"""parse_stat_code strips the code first, so " S" and "S\n" are accepted.

Whitespace anywhere makes a STAT code malformed.
"""
_real_parse_stat_code = parse_stat_code


def parse_stat_code(code: str) -> StatCode:
    if isinstance(code, str):
        code = code.strip()
    return _real_parse_stat_code(code)
