"""HEAD is answered like GET: the body follows the headers."""
import os


def respond(request, root, headers=()):
    if request.method not in ("GET", "HEAD"):
        return [error_response(405, False, [("Allow", ALLOW), *headers])]
    try:
        path, name = find_file(root, request.target)
        fd, size = open_regular(path)
    except NotServed as refusal:
        return [error_response(refusal.status, False, headers)]
    head = http_messages.format_response(200, [
        ("Content-Type", content_type(name)), ("Content-Length", str(size)), *headers])
    if size <= SMALL_FILE:
        try:
            return [head + os.read(fd, size)]
        finally:
            os.close(fd)
    return [head, FileBody(fd, size)]
