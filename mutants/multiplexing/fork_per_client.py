"""A child process per client instead of multiplexing (the forking server)."""
import os
import signal


def serve_select(listener):
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reaped by the kernel
    while True:
        conn, _addr = listener.accept()
        if os.fork() == 0:
            listener.close()
            with conn:
                try:
                    while data := conn.recv(CHUNK):
                        conn.sendall(data)
                except OSError:
                    pass
            os._exit(0)
        conn.close()


serve_poll = serve_select
