"""A %00 in the path reaches the file system: ValueError (embedded null byte) kills the connection.

No response is sent for "/hello.txt%00.html": the client sees the
connection drop.
"""
import os
from urllib.parse import unquote_to_bytes, urlsplit


def target_names(target):
    if not target.startswith("/"):
        parts = urlsplit(target)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise NotServed(400)
        target = parts.path or "/"
    path = target.split("?", 1)[0]
    if not path.startswith("/") or _BAD_ESCAPE.search(path):
        raise NotServed(400)
    raw = unquote_to_bytes(path.encode("latin-1"))
    if b"\\" in raw:
        raise NotServed(400)
    names = []
    for segment in raw.split(b"/"):
        if segment == b"..":
            raise NotServed(400)
        if segment not in (b"", b"."):
            names.append(os.fsdecode(segment))
    return names
