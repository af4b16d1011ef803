"""echo_handler never tests for b"": at end of stream it spins forever and the child never exits."""


def echo_handler(conn):
    while True:
        conn.sendall(conn.recv(65536))
