"""int() on the prefix: "+8", " 8", "٨" and "024" accepted."""


def _split_cidr(cidr: str) -> tuple[int, int]:
    address, slash, prefix_text = cidr.partition("/")
    if not slash:
        raise ValueError("no '/PREFIX'")
    prefix = int(prefix_text)
    if not 0 <= prefix <= 32:
        raise ValueError(f"prefix out of range: {prefix_text!r}")
    return parse_ipv4(address), prefix
