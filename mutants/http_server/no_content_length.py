"""The 200 head is written by hand without Content-Length.

The client cannot tell where the body ends: on a keep-alive connection it
waits for a close that never comes.
"""
import os


def respond(request, root, headers=()):
    if request.method not in ("GET", "HEAD"):
        return [error_response(405, False, [("Allow", ALLOW), *headers])]
    try:
        path, name = find_file(root, request.target)
        fd, size = open_regular(path)
    except NotServed as refusal:
        return [error_response(refusal.status, request.method == "HEAD", headers)]
    lines = ["HTTP/1.1 200 OK", f"Content-Type: {content_type(name)}",
             *(f"{key}: {value}" for key, value in headers)]
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    if request.method == "HEAD":
        os.close(fd)
        return [head]
    return [head, FileBody(fd, size)]
