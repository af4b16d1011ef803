"""count_types walks into symbolic links to directories (entry.is_dir() follows links).

Entries outside the tree are counted, and a link loop is walked round and
round.
"""
import os


def count_types(directory) -> dict[str, int]:
    counts: dict[str, int] = {}
    pending = [directory]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                letter = _type_letter(entry.stat(follow_symlinks=False).st_mode)
                counts[letter] = counts.get(letter, 0) + 1
                if entry.is_dir():  # follows symbolic links
                    pending.append(entry.path)
    return counts
