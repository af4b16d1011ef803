"""Real loopback sockets for checks (127.0.0.1, port 0, nothing else)."""
from __future__ import annotations

import contextlib
import socket
import threading


def tcp_pair(timeout: float | None = 5.0) -> tuple[socket.socket, socket.socket]:
    """Two connected TCP sockets (client, server side); the caller closes both.

    Both have `timeout` (None: blocking without one), so a check that waits
    for bytes that never come fails instead of hanging.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        client = socket.create_connection(listener.getsockname(), timeout=timeout)
        server, _ = listener.accept()
        server.settimeout(timeout)
        return client, server


def refused_address() -> tuple[socket.socket, tuple[str, int]]:
    """A bound, not listening socket and its address: connects are refused.

    Keep the socket open while the address is used (the port stays reserved);
    the caller closes it.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock, sock.getsockname()


@contextlib.contextmanager
def sending_in_background(sock: socket.socket, data: bytes, timeout: float = 3.0):
    """While the block runs, a thread sends `data` in one sendall on `sock`
    and then shuts down its writing side (the reader sees EOF after it).

    Leaving the block joins the thread; if the check stopped reading early,
    the socket is shut down first so the thread's sendall cannot stay blocked.
    """
    def run():
        with contextlib.suppress(OSError):
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)

    sock.settimeout(timeout)
    thread = threading.Thread(target=run, name="netlab-sender", daemon=True)
    thread.start()
    try:
        yield
    finally:
        if thread.is_alive():
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        thread.join(timeout + 1)
