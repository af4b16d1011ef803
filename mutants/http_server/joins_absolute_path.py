"""The decoded path minus its first "/" is joined to root: "//etc/passwd" joins as "/etc/passwd".

os.path.join drops everything before a component that starts with "/", and
the only check is for ".." segments.
"""
import os
from urllib.parse import unquote


def find_file(root, target):
    if not target.startswith("/"):
        raise NotServed(400)
    path = unquote(target.split("?", 1)[0])
    if ".." in path.split("/"):
        raise NotServed(400)
    full = os.path.join(root, path[1:])
    name = os.path.basename(full)
    if os.path.isdir(full):
        full, name = os.path.join(full, "index.html"), "index.html"
    return full, name
