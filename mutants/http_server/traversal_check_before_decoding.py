"""'..' is looked for in the raw target, before percent-decoding, and nothing else guards root.

"/%2e%2e/secret.txt" has no ".." segment until it is decoded; with no
real-path check behind it, the decoded ".." walks out of root.
"""
import os
from urllib.parse import unquote


def find_file(root, target):
    path = target.split("?", 1)[0]
    if ".." in path.split("/"):
        raise NotServed(400)
    names = [name for name in unquote(path).split("/") if name not in ("", ".")]
    full = os.path.join(root, *names)
    name = names[-1] if names else ""
    if os.path.isdir(full):
        full, name = os.path.join(full, "index.html"), "index.html"
    return full, name
