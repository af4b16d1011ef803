"""select/poll only for accept: each client is then served until it leaves, one at a time."""
import select


def _serve_to_the_end(conn):
    conn.setblocking(True)
    with conn:
        try:
            while data := conn.recv(CHUNK):
                conn.sendall(data)
        except OSError:
            pass


def serve_select(listener):
    while True:
        readable, _, _ = select.select([listener], [], [])
        if listener in readable:
            conn, _addr = listener.accept()
            _serve_to_the_end(conn)


def serve_poll(listener):
    poller = select.poll()
    poller.register(listener, select.POLLIN)
    while True:
        for _fd, _events in poller.poll():
            conn, _addr = listener.accept()
            _serve_to_the_end(conn)
