"""The file is never closed after it is read: one descriptor leaks per small file served."""
import os


def respond(request, root, headers=()):
    head_only = request.method == "HEAD"
    if request.method not in ("GET", "HEAD"):
        return [error_response(405, False, [("Allow", ALLOW), *headers])]
    try:
        path, name = find_file(root, request.target)
        fd, size = open_regular(path)
    except NotServed as refusal:
        return [error_response(refusal.status, head_only, headers)]
    head = http_messages.format_response(200, [
        ("Content-Type", content_type(name)), ("Content-Length", str(size)), *headers])
    if head_only:
        return [head]
    if size <= SMALL_FILE:
        return [head + os.read(fd, size)]
    return [head, FileBody(fd, size)]
