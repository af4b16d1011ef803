"""close_unix_listener only closes the socket: the socket file stays behind, stale."""


def close_unix_listener(sock):
    sock.close()
