"""Only whole-line comments skipped: the words of "# comment" at line end become aliases."""


def _fields(line: str) -> list[str]:
    fields = line.split()
    return [] if fields and fields[0].startswith("#") else fields
