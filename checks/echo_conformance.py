"""Conformance checks for echo servers, shared by every topic that has one.

An echo server sends back every byte a client sends, as it arrives, and
closes the client's socket once the client shuts down its writing side. Each
``check_*`` function takes a running harness ``Server`` (from
``serve(...)``, TCP or Unix) and raises ``AssertionError`` with a teaching
message at the first deviation. The two ``*_server`` functions are
independent reference peers for checking clients.
"""
import select
import socket
import struct

CHUNK = 65536
IO_TIMEOUT = 2.0  # per socket operation; a loopback echo takes microseconds


def payload_for(i: int, size: int = 0) -> bytes:
    """A recognisable payload for client ``i`` (``size`` bytes if given)."""
    text = f"client {i} says hello; ".encode()
    if size:
        return (text * (size // len(text) + 1))[:size]
    return text * (i % 5 + 1)


def _fail(server, what: str, message: str):
    """Report the server's own death first: it explains most client errors."""
    server.check_alive(what)
    raise AssertionError(f"{what}: {message}")


def _read_exactly(sock, n: int) -> bytes:
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def _read_until_eof(sock) -> bytes:
    chunks = []
    while chunk := sock.recv(CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


def connect(server, what: str):
    """A client socket, or a failure that names the server's fate."""
    try:
        return server.connect(timeout=IO_TIMEOUT)
    except OSError as exc:
        _fail(server, what, f"connecting to the server failed: {exc!r}; the "
              "server should be back in accept() for the next client")


def expect_echo(server, sock, message: bytes, what: str) -> None:
    """Send ``message`` on ``sock`` and read its echo before anything else."""
    try:
        sock.sendall(message)
        got = _read_exactly(sock, len(message))
    except TimeoutError:
        _fail(server, what, f"sent {len(message)} bytes and waited "
              f"{IO_TIMEOUT} s for their echo in vain; an echo server sends "
              "each chunk back as soon as it arrives, without waiting for "
              "the client to finish")
    except OSError as exc:
        _fail(server, what, f"sending {len(message)} bytes and reading the "
              f"echo failed with {exc!r}")
    if got != message:
        _fail(server, what, f"sent {message[:40]!r}... ({len(message)} bytes) "
              f"and read until the server closed; got {got[:40]!r}... "
              f"({len(got)} bytes), expected the same bytes")


def echo_round(server, payload: bytes, what: str) -> bytes:
    """Connect, send ``payload``, shut down writing, read until EOF; return it."""
    with connect(server, what) as sock:
        try:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
            return _read_until_eof(sock)
        except TimeoutError:
            _fail(server, what,
                  f"sent {len(payload)} bytes and shut down writing, then "
                  f"waited {IO_TIMEOUT} s for the echo and the server's close "
                  "in vain; when recv returns b'' the server must stop echoing "
                  "and close the client socket")
        except OSError as exc:
            _fail(server, what, f"the connection failed with {exc!r}")


def check_echo_one_client(server) -> None:
    payload = b"hello, echo"
    got = echo_round(server, payload, "one client")
    assert got == payload, (
        f"one client sent {payload!r}, shut down writing and read until EOF; "
        f"it got back {got!r}, expected the same bytes")


def check_echo_sequential_clients(server, n: int = 100) -> None:
    for i in range(n):
        payload = payload_for(i)
        what = f"client {i + 1} of {n} (one after another)"
        got = echo_round(server, payload, what)
        assert got == payload, (
            f"{what} sent {len(payload)} bytes and read until EOF; it got back "
            f"{len(got)} bytes ({got[:60]!r}...), expected its own bytes; "
            "is the server serving every client the same way, in a loop?")
    server.check_alive(f"after {n} clients")


def check_echo_interactive(server, rounds: int = 5) -> None:
    """One connection, several messages, each echo read before the next send."""
    what = "one connection, several messages"
    with connect(server, what) as sock:
        for i in range(rounds):
            expect_echo(server, sock, payload_for(i), f"{what}: message {i + 1}")
        sock.shutdown(socket.SHUT_WR)
        try:
            rest = _read_until_eof(sock)
        except TimeoutError:
            _fail(server, what, "after all echoes, shut down writing and "
                  "waited for the server's close in vain: on b'' the server "
                  "must close the client socket")
        assert rest == b"", f"{what}: after all echoes the server sent extra bytes {rest[:60]!r}"


def check_echo_large_payload(server, size: int = 64 * 1024) -> None:
    payload = payload_for(7, size)
    got = echo_round(server, payload, f"a client sending {size} bytes")
    assert got == payload, (
        f"a client sent {size} bytes in one sendall and read until EOF; it got "
        f"back {len(got)} bytes{' (different ones)' if len(got) == size else ''}; "
        "one recv returns only part of a large message: echo every chunk, "
        "with sendall")


def check_survives_reset(server) -> None:
    what = "a client that resets its connection"
    with connect(server, what) as sock:
        expect_echo(server, sock, b"ping", what)  # the server is in its echo loop
        # linger on with timeout 0: close() sends RST instead of FIN
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    what = "a normal client after one that reset its connection (RST)"
    got = echo_round(server, b"after the reset", what)
    assert got == b"after the reset", f"{what} got back {got!r}"
    server.check_alive("after a client reset its connection")


def check_survives_unread_echo(server, size: int = 64 * 1024) -> None:
    what = f"a client that sends {size} bytes and closes without reading the echo"
    with connect(server, what) as sock:
        sock.sendall(payload_for(3, size))
        readable, _, _ = select.select([sock], [], [], IO_TIMEOUT)
        if not readable:
            _fail(server, what, f"no echo arrived within {IO_TIMEOUT} s")
        # closing with unread echo in the buffer sends RST: the server's
        # next send or recv fails
    what = "a normal client after one that closed without reading its echo"
    got = echo_round(server, b"still there?", what)
    assert got == b"still there?", f"{what} got back {got!r}"
    server.check_alive("after a client closed without reading its echo")


def check_survives_client_leaving_early(server, clients: int = 10,
                                        size: int = 64 * 1024) -> None:
    """Clients that send, shut down and close at once, while being echoed.

    The client's FIN has reached the server (state CLOSE_WAIT) when its RST
    (for echo it never read) arrives, so the server's next send fails with
    BrokenPipeError (EPIPE) rather than ConnectionResetError, at least for
    servers that read in chunks smaller than the payload.
    """
    payload = payload_for(5, size)
    for i in range(clients):
        what = f"a client that sends {size} bytes, shuts down and closes at once ({i + 1} of {clients})"
        with connect(server, what) as sock:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
    what = "a normal client after clients that left while being echoed"
    got = echo_round(server, b"anyone home?", what)
    assert got == b"anyone home?", f"{what} got back {got!r}"
    server.check_alive("after clients left while being echoed")


def check_fds_return_to_baseline(server, clients: int = 20) -> None:
    baseline = server.num_fds()
    for i in range(clients):
        what = f"client {i + 1} of {clients}"
        with connect(server, what) as sock:
            expect_echo(server, sock, payload_for(i), what)
    count = server.wait_fds(baseline)
    assert count <= baseline, (
        f"the server had {baseline} open file descriptors while waiting for "
        f"clients; after {clients} clients connected, got their echo and "
        f"closed, it still has {count} ({count - baseline} more): every "
        "accepted socket must be closed when its client leaves (use "
        "`with conn:`)")


def reference_echo_server(listener) -> None:
    """A plain iterative echo server, independent of the code under test."""
    while True:
        conn, _ = listener.accept()
        with conn:
            try:
                while data := conn.recv(CHUNK):
                    conn.sendall(data)
            except ConnectionError:
                pass


def reply_after_eof_server(listener) -> None:
    """Reads a client until EOF, then answers b"got N bytes: " + reversed data."""
    while True:
        conn, _ = listener.accept()
        with conn:
            try:
                data = _read_until_eof(conn)
                conn.sendall(reply_for(data))
            except ConnectionError:
                pass


def reply_for(data: bytes) -> bytes:
    return b"got %d bytes: " % len(data) + data[::-1]
