"""A thread per client instead of multiplexing (blocking recv/sendall in each thread)."""
import threading


def _echo_in_thread(conn):
    with conn:
        try:
            while data := conn.recv(CHUNK):
                conn.sendall(data)
        except OSError:
            pass


def serve_select(listener):
    while True:
        conn, _addr = listener.accept()
        threading.Thread(target=_echo_in_thread, args=(conn,), daemon=True).start()


serve_poll = serve_select
