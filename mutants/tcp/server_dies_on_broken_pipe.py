"""serve_echo catches ConnectionResetError but not BrokenPipeError: a client that leaves mid-echo ends the server.

A send to a peer that has gone raises either error; here the one that is
not caught (EPIPE, from a reset that follows the client's FIN) stops the
whole server.
"""


def serve_echo(listener):
    while True:
        conn, _addr = listener.accept()
        with conn:
            try:
                while True:
                    data = conn.recv(4096)
                    if not data:
                        break
                    conn.sendall(data)
            except ConnectionResetError:
                pass
