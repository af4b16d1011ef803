"""The containment check uses os.path.abspath, which does not resolve symlinks.

abspath removes ".." textually, so "/link_out.txt" (a symlink to a file
outside root) looks inside root and is served.
"""
import os


def inside(root, path):
    real = os.path.abspath(path)
    if real != root and not real.startswith(os.path.join(root, "")):
        raise NotServed(404)
    return real
