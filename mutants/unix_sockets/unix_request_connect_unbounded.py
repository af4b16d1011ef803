"""unix_request connects on a blocking socket and sets the timeout afterwards: a full backlog makes it wait forever."""
import os
import socket


def unix_request(path, payload, timeout=5.0):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(os.fsencode(path))  # no bound on this wait
        sock.settimeout(timeout)
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
