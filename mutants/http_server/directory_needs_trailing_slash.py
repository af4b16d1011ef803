"""Only a target ending in "/" serves the directory's index.html: "/sub" is a 404."""
import os


def find_file(root, target):
    names = target_names(target)
    path = inside(root, os.path.join(root, *names))
    name = names[-1] if names else ""
    if target.split("?", 1)[0].endswith("/"):
        path = inside(root, os.path.join(path, "index.html"))
        name = "index.html"
    return path, name
