"""Run-time errors printed to stdout with print(), not to stderr."""


def _error(text: str) -> int:
    print(f"error: {text}")
    return 1
