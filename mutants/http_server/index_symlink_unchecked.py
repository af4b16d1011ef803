"""The directory is checked against root, but the index.html added to it is not.

"/escape/" is a real directory inside root whose index.html is a symlink
to a file outside: it is served.
"""
import os


def find_file(root, target):
    names = target_names(target)
    path = inside(root, os.path.join(root, *names))
    name = names[-1] if names else ""
    if os.path.isdir(path):
        path, name = os.path.join(path, "index.html"), "index.html"
    return path, name
