"""int() trusted with each part: " 1", "+1", "1_0" and "١" accepted."""


def _parse_decimal(text: str, what: str, maximum: int) -> int:
    if len(text) > 1 and text[0] == "0":
        raise ValueError(f"{what} has a leading zero: {text!r}")
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{what} must be a number, got {text!r}") from None
    if not 0 <= value <= maximum:
        raise ValueError(f"{what} must be 0-{maximum}, got {text!r}")
    return value
