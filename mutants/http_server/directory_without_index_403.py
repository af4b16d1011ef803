"""A directory without index.html is answered 403 Forbidden (as Apache does) instead of 404."""
import os

_reference_find_file = find_file


def find_file(root, target):
    path, name = _reference_find_file(root, target)
    if name == "index.html" and not os.path.exists(path):
        raise NotServed(403)
    return path, name
