"""unix_request never shuts down its writing side: it and a server waiting for EOF wait for each other."""
import socket


def unix_request(path, payload, timeout=5.0):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        _connect_within(sock, path, timeout)
        sock.settimeout(timeout)
        sock.sendall(payload)
        chunks = []
        while chunk := sock.recv(CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
