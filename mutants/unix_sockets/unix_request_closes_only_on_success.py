"""unix_request closes its socket as its last step: a timeout or a failed connect leaves it open."""
import socket


def unix_request(path, payload, timeout=5.0):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    _connect_within(sock, path, timeout)
    sock.settimeout(timeout)
    sock.sendall(payload)
    sock.shutdown(socket.SHUT_WR)
    chunks = []
    while chunk := sock.recv(CHUNK):
        chunks.append(chunk)
    sock.close()
    return b"".join(chunks)
