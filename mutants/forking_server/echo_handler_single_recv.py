"""echo_handler echoes one recv and returns: the rest of the client's data is lost."""


def echo_handler(conn):
    data = conn.recv(65536)
    if data:
        conn.sendall(data)
