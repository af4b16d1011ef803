"""Checks for topic 3, tcp: stream reads and writes, an echo client and server."""
import errno
import random
import re
import socket

import pytest
from hypothesis import given, strategies as st

import echo_conformance as echo
from harness import deadline, serve, topic
from harness.fakes import ScriptedSocket
from harness.net import refused_address, sending_in_background, tcp_pair

tcp = topic("tcp")

QUICK = 1.0  # seconds for a call on a fake socket: it never needs to wait
NET = 3.0    # seconds for a call on loopback


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _names(message: str, number: int) -> bool:
    """Whether ``message`` contains ``number`` as a whole number."""
    return re.search(rf"(?<!\d){number}(?!\d)", message) is not None


def _compare(got: bytes, expected: bytes) -> str:
    """'N bytes' or 'N bytes (different ones)', for messages about payloads."""
    same_length = len(got) == len(expected)
    return f"{len(got)} bytes" + (" (different ones)" if same_length else "")


def _raises(expected, call: str, fn, *args, **kwargs) -> BaseException:
    """Call ``fn``; return the ``expected`` exception it raises, or fail saying what it did."""
    try:
        result = fn(*args, **kwargs)
    except expected as exc:
        return exc
    raise AssertionError(f"{call} returned {result!r}; expected it to raise "
                         f"{expected.__name__}")


def _drain(sock) -> bytes:
    """Read until EOF, with the check's own loop."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _first_overask(chunks, sizes, n):
    """The first recv size larger than what was still missing, replaying the
    fake's script (a chunk that is read in part keeps its rest)."""
    pending = [bytes(c) for c in chunks]
    got = 0
    for call, size in enumerate(sizes, 1):
        missing = n - got
        if size > missing:
            return call, size, missing
        if pending:
            take = min(size, len(pending[0]))
            got += take
            pending[0] = pending[0][take:]
            if not pending[0]:
                pending.pop(0)
    return None


# ---------------------------------------------------------------- recv_exactly

def test_recv_exactly_joins_partial_chunks():
    """recv_exactly keeps calling recv until all n bytes are in.

    Hint: one recv(n) returns whatever has arrived, anywhere from 1 to n
    bytes. Loop, appending chunks, until you have n bytes.
    """
    chunks = [b"ab", b"cde", b"f", b"ghij"]
    sock = ScriptedSocket(chunks)
    with deadline(QUICK, "recv_exactly(sock, 10)",
                  "is the loop's end condition right? (and does it stop on b''?)"):
        got = tcp.recv_exactly(sock, 10)
    assert got == b"abcdefghij", (
        f"recv_exactly(sock, 10) on a socket delivering {chunks!r} returned "
        f"{got!r}; expected b'abcdefghij': one recv returns only part of the "
        "data, keep calling it until n bytes are in")
    assert type(got) is bytes, (
        f"recv_exactly returned a {type(got).__name__}, expected bytes "
        "(convert a bytearray buffer with bytes(buf))")


def test_recv_exactly_never_asks_for_more_than_missing():
    """recv_exactly never asks recv for more bytes than are still missing.

    Hint: recv(4096) followed by slicing throws away the bytes after the n
    you wanted: they belonged to the next message. Ask for n - len(so_far).
    """
    chunks = [b"abc", b"defgh", b"XYZ"]
    sock = ScriptedSocket(chunks)
    with deadline(QUICK, "recv_exactly(sock, 6)"):
        got = tcp.recv_exactly(sock, 6)
    assert got == b"abcdef", (
        f"recv_exactly(sock, 6) on a socket delivering {chunks!r} returned "
        f"{got!r}, expected b'abcdef'")
    over = _first_overask(chunks, sock.recv_sizes, 6)
    if over:
        raise AssertionError(
            "recv_exactly(sock, 6): recv call #%d asked for %d bytes when only "
            "%d were still missing (all recv sizes: %r); the extra bytes "
            "belong to the next reader" % (*over, sock.recv_sizes))
    rest = sock.recv(100) + sock.recv(100)
    assert rest == b"ghXYZ", (
        f"after recv_exactly(sock, 6) the socket should still hold b'ghXYZ'; "
        f"it holds {rest!r}")


def test_recv_exactly_leaves_next_message_on_real_socket():
    """recv_exactly on a real socket leaves the following bytes readable.

    Hint: both messages are already in the receive buffer, so recv(4096)
    returns them together; recv(n - len(so_far)) takes only yours.
    """
    a, b = tcp_pair()
    with a, b:
        a.sendall(b"HEADER:09" + b"the next message")
        a.shutdown(socket.SHUT_WR)
        with deadline(NET, "recv_exactly(sock, 9) on a socket holding 25 bytes"):
            got = tcp.recv_exactly(b, 9)
        assert got == b"HEADER:09", f"recv_exactly(sock, 9) returned {got!r}, expected b'HEADER:09'"
        with deadline(NET, "reading the rest of the stream"):
            rest = _drain(b)
    assert rest == b"the next message", (
        f"after recv_exactly(sock, 9) the socket should still hold b'the next "
        f"message'; reading on found {rest!r}: recv_exactly consumed bytes "
        "after the 9 it was asked for")


@given(chunks=st.lists(st.binary(min_size=1, max_size=16), max_size=8),
       n=st.integers(min_value=0, max_value=80))
def test_recv_exactly_any_chunking(chunks, n):
    """recv_exactly returns the first n bytes for any chunking, or EOFError.

    Hint: whatever the chunk sizes, the result is the first n bytes of the
    stream; the rest stays in the socket; fewer than n bytes in all means
    EOFError.
    """
    stream = b"".join(chunks)
    sock = ScriptedSocket(chunks)
    with deadline(QUICK / 2, f"recv_exactly(sock, {n}) on chunks {chunks!r}",
                  "does the loop stop when recv returns b''?"):
        try:
            got = tcp.recv_exactly(sock, n)
        except EOFError:
            got = None
    if len(stream) < n:
        assert got is None, (
            f"recv_exactly(sock, {n}) on chunks {chunks!r} ({len(stream)} bytes, "
            f"then EOF) returned {got!r}; expected EOFError")
        return
    assert got is not None, (
        f"recv_exactly(sock, {n}) on chunks {chunks!r} raised EOFError, but "
        f"the stream holds {len(stream)} bytes, enough for {n}")
    assert got == stream[:n], (
        f"recv_exactly(sock, {n}) on chunks {chunks!r} returned {got!r}, "
        f"expected {stream[:n]!r}")
    rest = b"".join(iter(lambda: sock.recv(100), b""))
    assert rest == stream[n:], (
        f"recv_exactly(sock, {n}) on chunks {chunks!r} left {rest!r} in the "
        f"socket, expected {stream[n:]!r}: it read past the n bytes")


def test_recv_exactly_zero_does_not_call_recv():
    """recv_exactly(sock, 0) returns b'' without calling recv.

    Hint: with n == 0 there is nothing to wait for; a recv could block
    forever on a quiet connection.
    """
    sock = ScriptedSocket([b"abc"])
    with deadline(QUICK, "recv_exactly(sock, 0)"):
        got = tcp.recv_exactly(sock, 0)
    assert got == b"" and type(got) is bytes, f"recv_exactly(sock, 0) returned {got!r}, expected b''"
    assert sock.recv_sizes == [], (
        f"recv_exactly(sock, 0) called recv with sizes {sock.recv_sizes!r}; "
        "for n == 0 it must not read at all")


def test_recv_exactly_rejects_negative_n():
    """recv_exactly(sock, -3) raises ValueError naming -3.

    Hint: check n before reading; a negative count is the caller's mistake,
    and the message should show the bad value.
    """
    sock = ScriptedSocket([b"abc"])
    with deadline(QUICK, "recv_exactly(sock, -3)"):
        error = _raises(ValueError, "recv_exactly(sock, -3)", tcp.recv_exactly, sock, -3)
    assert "-3" in str(error), (
        f"recv_exactly(sock, -3) raised ValueError({str(error)!r}); the "
        "message should name the bad value -3")


@pytest.mark.parametrize("bad", [True, 2.0, "4"])
def test_recv_exactly_rejects_non_int_n(bad):
    """recv_exactly raises TypeError when n is not an int (a bool is not one).

    Hint: check the type before using n: isinstance(n, int) and not
    isinstance(n, bool) (True is an int in Python, and would read 1 byte).
    """
    sock = ScriptedSocket([b"abcd"])
    call = f"recv_exactly(sock, {bad!r})"
    with deadline(QUICK, call):
        _raises(TypeError, call, tcp.recv_exactly, sock, bad)


@pytest.mark.parametrize("chunks, n, arrived", [
    ([b"abc", b"de"], 12, 5),
    ([], 4, 0),
], ids=["5-of-12", "0-of-4"])
def test_recv_exactly_eof_says_how_much_arrived(chunks, n, arrived):
    """recv_exactly raises EOFError naming how many of n bytes arrived.

    Hint: recv returns b'' (empty bytes, not '') once the peer has closed,
    and keeps returning it: a loop that does not test for it spins forever.
    """
    sock = ScriptedSocket(chunks)
    call = f"recv_exactly(sock, {n}) when the peer closes after {arrived} bytes"
    with deadline(QUICK, call, "recv returns b'' at end of stream; stop and raise EOFError"):
        message = str(_raises(EOFError, call, tcp.recv_exactly, sock, n))
    for number in (arrived, n):
        assert _names(message, number), (
            f"recv_exactly(sock, {n}) after {arrived} bytes raised "
            f"EOFError({message!r}); the message should say {arrived} of {n} "
            "bytes arrived")


def test_recv_exactly_eof_on_real_socket():
    """recv_exactly raises EOFError when a real peer closes early.

    Hint: after the peer closes, recv returns b'' at once, every time.
    """
    a, b = tcp_pair()
    with a, b:
        a.sendall(b"abc")
        a.close()
        call = "recv_exactly(sock, 10) after the peer sent 3 bytes and closed"
        with deadline(NET, call, "test `if not chunk:` and raise EOFError"):
            message = str(_raises(EOFError, call, tcp.recv_exactly, b, 10))
    assert _names(message, 3) and _names(message, 10), (
        f"recv_exactly(sock, 10) after the peer sent 3 bytes and closed raised "
        f"EOFError({message!r}); the message should say 3 of 10 bytes arrived")


# -------------------------------------------------------------- recv_until_eof

@pytest.mark.parametrize("chunks", [[b"he", b"llo", b" ", b"world"], []],
                         ids=["four-chunks", "empty"])
def test_recv_until_eof_joins_everything(chunks):
    """recv_until_eof returns every chunk joined, up to b''.

    Hint: loop on recv until it returns b''; one recv is one chunk, not the
    whole stream.
    """
    sock = ScriptedSocket(chunks)
    with deadline(QUICK, f"recv_until_eof on chunks {chunks!r}",
                  "recv returns b'' (bytes, not '') at end of stream: stop there"):
        got = tcp.recv_until_eof(sock)
    assert got == b"".join(chunks) and type(got) is bytes, (
        f"recv_until_eof on a socket delivering {chunks!r} then EOF returned "
        f"{got!r}, expected {b''.join(chunks)!r}")


def test_recv_until_eof_real_socket_one_mib():
    """recv_until_eof reads 1 MiB sent over a real connection.

    Hint: a large transfer arrives in many chunks; keep reading until b''.
    """
    data = _random_bytes(1 << 20, seed=3)
    a, b = tcp_pair()
    with a, b:
        with sending_in_background(a, data):
            try:
                with deadline(NET, "recv_until_eof on a 1 MiB stream"):
                    got = tcp.recv_until_eof(b)
            finally:
                b.close()  # wakes the sender if we stopped reading early
    if got != data:
        raise AssertionError(
            f"recv_until_eof on a connection carrying 1048576 bytes then EOF "
            f"returned {_compare(got, data)}; keep reading until recv returns b''")


# ---------------------------------------------------------------- send_all

@pytest.mark.parametrize("max_send, seed", [(1, 0), (3, 1), (3, 2)])
def test_send_all_loops_over_partial_sends(max_send, seed):
    """send_all sends every byte, in order, using only send, and returns len(data).

    Hint: send returns how many bytes it took, possibly fewer than you gave
    it; send the rest (data[sent:]) until everything is gone. The fake
    socket has no sendall.
    """
    data = _random_bytes(1000, seed)
    sock = ScriptedSocket(max_send=max_send, seed=seed)
    with deadline(QUICK, "send_all(sock, 1000 bytes)"):
        result = tcp.send_all(sock, data)
    sent = bytes(sock.sent)
    if sent != data:
        raise AssertionError(
            f"send_all(sock, 1000 bytes) with a socket whose send takes at most "
            f"{max_send} byte(s) per call: the socket received "
            f"{_compare(sent, data)}, expected all 1000 in order; loop on "
            "send, each time with the bytes not sent yet")
    assert result == len(data), f"send_all returned {result!r}, expected len(data) == 1000"


def test_send_all_empty():
    """send_all(sock, b'') returns 0 and sends nothing.

    Hint: the loop runs while bytes remain; with none it ends at once.
    """
    sock = ScriptedSocket()
    with deadline(QUICK, "send_all(sock, b'')"):
        result = tcp.send_all(sock, b"")
    assert result == 0 and bytes(sock.sent) == b"", (
        f"send_all(sock, b'') returned {result!r} and sent {bytes(sock.sent)!r}; expected 0 and nothing")


# ---------------------------------------------------------------- safe_send

def test_safe_send_true_when_all_sent():
    """safe_send returns True after sending every byte.

    Hint: safe_send is send_all plus an except clause; True only when every
    byte went out.
    """
    data = _random_bytes(300, seed=5)
    sock = ScriptedSocket(max_send=3, seed=5)
    with deadline(QUICK, "safe_send(sock, 300 bytes)"):
        result = tcp.safe_send(sock, data)
    if bytes(sock.sent) != data:
        raise AssertionError(
            f"safe_send(sock, 300 bytes) on a socket taking at most 3 bytes per "
            f"send delivered {_compare(bytes(sock.sent), data)}; it must loop "
            "like send_all")
    assert result is True, f"safe_send returned {result!r} after sending everything, expected True"


@pytest.mark.parametrize("error", [
    BrokenPipeError(errno.EPIPE, "Broken pipe"),
    ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"),
], ids=["BrokenPipeError", "ConnectionResetError"])
def test_safe_send_false_when_peer_gone(error):
    """safe_send returns False when send raises BrokenPipeError or ConnectionResetError.

    Hint: a peer that has gone shows up as either error, depending on
    timing; catch both, and only those.
    """
    sock = ScriptedSocket(max_send=3, send_error=error, error_after=5)
    with deadline(QUICK, "safe_send(sock, 100 bytes) on a peer that goes away"):
        try:
            result = tcp.safe_send(sock, bytes(100))
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise AssertionError(
                f"safe_send let {type(exc).__name__} out; when send raises it "
                "the peer has gone: return False") from None
    assert result is False, (
        f"safe_send returned {result!r} after send raised "
        f"{type(error).__name__}, expected False")


@pytest.mark.parametrize("error", [
    TimeoutError("timed out"),
    OSError(errno.EBADF, "Bad file descriptor"),
], ids=["TimeoutError", "OSError-EBADF"])
def test_safe_send_propagates_other_errors(error):
    """safe_send lets every error other than a gone peer propagate.

    Hint: TimeoutError and BrokenPipeError are both OSErrors: `except
    OSError` hides timeouts and bugs. Catch exactly BrokenPipeError and
    ConnectionResetError.
    """
    sock = ScriptedSocket(max_send=3, send_error=error, error_after=5)
    call = f"safe_send(sock, 100 bytes) when send raises {error!r}"
    with deadline(QUICK, call):
        _raises(type(error), call, tcp.safe_send, sock, bytes(100))


def test_safe_send_real_peer_gone():
    """safe_send on a real socket returns False once the peer has closed.

    Hint: the first send after the peer left may still succeed (it only
    fills the local buffer); a later one fails with BrokenPipeError or
    ConnectionResetError, which safe_send turns into False.
    """
    a, b = tcp_pair()
    with a:
        b.close()
        a.settimeout(NET)
        chunk = bytes(65536)
        with deadline(NET, "safe_send to a peer that has closed"):
            results = []
            for _ in range(200):
                results.append(tcp.safe_send(a, chunk))
                if results[-1] is False:
                    break
    assert results[-1] is False and all(r is True for r in results[:-1]), (
        f"safe_send of 64 KiB, repeated, to a closed peer returned {results[:5]!r}"
        f"...{results[-3:]!r}; expected True until the error shows, then False")


# ---------------------------------------------------------------- echo_client

@pytest.mark.points(2)
def test_echo_client_returns_the_reply():
    """echo_client sends, shuts down writing, and returns what the server sent back.

    Hint: this server answers only after it reads end of stream, so the
    client must call shutdown(socket.SHUT_WR) after sending, then read
    until b''. Return what came back, not the payload.
    """
    with serve(echo.reply_after_eof_server) as server:
        for payload in (b"hello", b"", _random_bytes(5000, seed=9)):
            with deadline(NET, f"echo_client(address, {len(payload)} bytes)",
                          "the server answers after reading EOF: did the client "
                          "shutdown(SHUT_WR) after sending?"):
                got = tcp.echo_client(server.address, payload, timeout=5.0)
            expected = echo.reply_for(payload)
            if got != expected:
                raise AssertionError(
                    f"echo_client(address, {len(payload)} bytes) against a "
                    f"server that answers {expected[:30]!r}... returned "
                    f"{got[:30]!r}... ({_compare(got, expected)}, expected "
                    f"{len(expected)}): return what the server sent back")


@pytest.mark.parametrize("size", [1, 1000, 64 * 1024])
def test_echo_client_payload_sizes(size):
    """echo_client gets back every byte of payloads up to 64 KiB.

    Hint: the echo comes back in many chunks: read until b'', not once.
    """
    payload = _random_bytes(size, seed=size)
    with serve(echo.reference_echo_server) as server:
        with deadline(NET, f"echo_client(address, {size} bytes)",
                      "did the client shutdown(SHUT_WR) after sending?"):
            got = tcp.echo_client(server.address, payload)
    if got != payload:
        raise AssertionError(
            f"echo_client(address, {size} bytes) against an echo server "
            f"returned {_compare(got, payload)}; expected the payload back: "
            "read until recv returns b''")


def test_echo_client_times_out():
    """echo_client raises TimeoutError when the server never answers.

    Hint: pass timeout to socket.create_connection (or settimeout); a
    blocking recv then raises TimeoutError (socket.timeout is TimeoutError).
    """
    with socket.create_server(("127.0.0.1", 0)) as silent:  # never accepts, never reads
        address = silent.getsockname()
        call = "echo_client(address, b'hi', timeout=0.3) against a server that never answers"
        with deadline(NET, call, "the timeout must bound each wait for data"):
            _raises(TimeoutError, call, tcp.echo_client, address, b"hi", timeout=0.3)


def test_echo_client_connection_refused():
    """echo_client raises ConnectionRefusedError when nothing listens.

    Hint: let the error of create_connection/connect propagate; do not
    return b'' or retry forever.
    """
    holder, address = refused_address()
    with holder:
        call = "echo_client(address, b'hi') with nothing listening at address"
        with deadline(NET, call):
            _raises(ConnectionRefusedError, call, tcp.echo_client, address, b"hi", timeout=1.0)


# ---------------------------------------------------------------- serve_echo

def test_serve_echo_one_client():
    """serve_echo echoes one client's bytes and closes it at EOF.

    Hint: accept, then recv/sendall until recv returns b'', then close the
    client socket (the client is waiting for that close).
    """
    with serve(tcp.serve_echo) as server:
        with deadline(NET, "one client of serve_echo"):
            echo.check_echo_one_client(server)


@pytest.mark.points(2)
def test_serve_echo_100_clients_in_sequence():
    """serve_echo serves 100 clients one after another.

    Hint: after one client leaves, go back to accept() for the next: the
    whole server is a `while True:` around accept.
    """
    with serve(tcp.serve_echo) as server:
        with deadline(10, "100 clients of serve_echo, one after another"):
            echo.check_echo_sequential_clients(server, 100)


def test_serve_echo_echoes_as_data_arrives():
    """serve_echo sends each chunk back as it arrives, on one connection.

    Hint: echo inside the recv loop (recv, sendall, recv, ...), not after
    the client has finished.
    """
    with serve(tcp.serve_echo) as server:
        with deadline(NET, "several messages on one serve_echo connection"):
            echo.check_echo_interactive(server)


def test_serve_echo_64k_payload():
    """serve_echo echoes a 64 KiB payload completely.

    Hint: one recv returns part of it; echo every chunk with sendall.
    """
    with serve(tcp.serve_echo) as server:
        with deadline(NET, "a 64 KiB client of serve_echo"):
            echo.check_echo_large_payload(server)


@pytest.mark.points(2)
def test_serve_echo_survives_reset():
    """serve_echo keeps serving after a client resets its connection.

    Hint: a client's RST makes recv raise ConnectionResetError. Catch it
    for that client only (around its echo loop), close its socket, and
    accept the next one.
    """
    with serve(tcp.serve_echo) as server:
        with deadline(NET, "serve_echo after a client sent RST"):
            echo.check_survives_reset(server)


@pytest.mark.points(2)
def test_serve_echo_survives_unread_echo():
    """serve_echo keeps serving after a client closes without reading its echo.

    Hint: sending to a client that has gone raises BrokenPipeError or
    ConnectionResetError; catch both for that client and move on.
    """
    with serve(tcp.serve_echo) as server:
        with deadline(NET, "serve_echo after a client left without reading"):
            echo.check_survives_unread_echo(server)


@pytest.mark.points(2)
def test_serve_echo_closes_client_sockets():
    """serve_echo's open file descriptors return to the baseline after clients leave.

    Hint: every accepted socket is a file descriptor; close it when its
    client is done (`with conn:` does it even on errors).
    """
    with serve(tcp.serve_echo) as server:
        with deadline(2 * NET, "20 clients of serve_echo, then counting its fds"):
            echo.check_fds_return_to_baseline(server, 20)


@pytest.mark.points(2)
def test_serve_echo_survives_broken_pipe():
    """serve_echo keeps serving after clients leave while it is still echoing.

    Hint: when a client has shut down and then gone, your next send raises
    BrokenPipeError (not ConnectionResetError): catch both, per client.
    """
    with serve(tcp.serve_echo) as server:
        with deadline(2 * NET, "serve_echo after clients left mid-echo"):
            echo.check_survives_client_leaving_early(server)
