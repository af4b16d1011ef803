"""Leading zeros not refused: "01.2.3.4" read as 1.2.3.4."""


def _parse_decimal(text: str, what: str, maximum: int) -> int:
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{what} must be ASCII digits, got {text!r}")
    value = int(text)
    if value > maximum:
        raise ValueError(f"{what} must be at most {maximum}, got {text!r}")
    return value
