"""unix_request calls settimeout before connect: on a full backlog the connect fails at once with BlockingIOError, not TimeoutError after the timeout.

(With a Python timeout the socket is non-blocking inside, and a Unix connect
that would wait returns EAGAIN.)
"""
import os
import socket


def unix_request(path, payload, timeout=5.0):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(os.fsencode(path))
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
