"""Checks for topic 3, tcp: stream reads and writes, an echo client and server.

Clause-to-check map (CURRICULUM.md section 3, then the rules for every topic
that apply here). Every clause is enforced by the checks named after it
(``test_`` left out); an implementation that breaks only that clause fails
at least one of them.

recv_exactly
- exactly n bytes, as bytes, via recv or recv_into: recv_exactly_joins_partial_chunks,
  recv_exactly_any_chunking, recv_exactly_leaves_next_message_on_real_socket
- never asks for more than is missing; the bytes after stay in the socket:
  recv_exactly_never_asks_for_more_than_missing (recv and recv_into sizes),
  recv_exactly_leaves_next_message_on_real_socket, recv_exactly_any_chunking
- n == 0 returns b"" without calling recv: recv_exactly_zero_does_not_call_recv
- n < 0 raises ValueError naming n: recv_exactly_rejects_negative_n
  (docstring: a non-int or bool n raises TypeError: recv_exactly_rejects_non_int_n)
- peer closes first: EOFError saying how many of n bytes arrived:
  recv_exactly_eof_says_how_much_arrived, recv_exactly_eof_on_real_socket,
  recv_exactly_any_chunking

recv_until_eof
- everything until the peer shuts down writing: recv_until_eof_joins_everything,
  recv_until_eof_real_socket_one_mib

send_all
- only sock.send (fakes without sendall taking 1-3 bytes), looping over
  partial sends: send_all_loops_over_partial_sends
- returns len(data): send_all_loops_over_partial_sends, send_all_empty
  (docstring: a str raises TypeError: send_all_rejects_str)

safe_send
- False when send raises BrokenPipeError or ConnectionResetError:
  safe_send_false_when_peer_gone, safe_send_real_peer_gone
- True when everything was sent: safe_send_true_when_all_sent
- every other error propagates: safe_send_propagates_other_errors

echo_client
- connects, sends, shuts down writing (SHUT_WR), reads until EOF, returns
  the reply: echo_client_returns_the_reply (the server answers only after
  EOF), echo_client_payload_sizes
- closes its socket, on every path: echo_client_closes_socket_on_errors
  (read timeout, refused), echo_client_connect_times_out (connect timeout)
- timeout bounds the connect: echo_client_connect_times_out (a listener
  whose accept queue is full drops the SYN; TimeoutError after 0.25-2 s for
  timeout 0.3)
- timeout bounds each wait for data: echo_client_times_out (same bounds)
- payloads up to 64 KiB: echo_client_payload_sizes[65536]
  (docstring: refused raises ConnectionRefusedError: echo_client_connection_refused)

serve_echo (in the sandbox)
- iterative: accept, echo as data arrives until EOF, close, accept the next:
  serve_echo_one_client, serve_echo_echoes_as_data_arrives,
  serve_echo_64k_payload, serve_echo_100_clients_in_sequence
- runs until killed: serve_echo_100_clients_in_sequence (and every server
  check: the harness reports a server that ended)
- a client that resets does not stop it: serve_echo_survives_reset (RST
  with SO_LINGER 0, then a normal client)
- a client that closes without reading its echo does not stop it:
  serve_echo_survives_unread_echo (ECONNRESET), serve_echo_survives_broken_pipe
  (EPIPE: the client's FIN, then its RST while the server is blocked in
  sendall; deterministic, see echo_conformance)
- descriptors back to the baseline after clients leave, every way:
  serve_echo_closes_client_sockets (clean close),
  serve_echo_fds_back_after_every_way_of_leaving[reset, broken-pipe, silent]
  (counted after each client, before the next one connects: CPython closes a
  forgotten socket when the next accept rebinds ``conn``)
- a client that stays connected and silent blocks the server: allowed, not
  checked.

Rules for every topic
- bad input gets the documented exception naming the value:
  recv_exactly_rejects_negative_n, recv_exactly_rejects_non_int_n,
  send_all_rejects_str
- a caller's socket keeps its blocking mode and timeout:
  helpers_keep_socket_timeout
- sockets closed on every path: echo_client_closes_socket_on_errors,
  echo_client_connect_times_out, serve_echo_fds_back_after_every_way_of_leaving
- descriptors back to the baseline after a clean close, a reset, a broken
  pipe mid-echo, a client that never sends: see serve_echo above
- every timeout bounds every wait it covers, the connect too:
  echo_client_connect_times_out, echo_client_times_out
- loopback, port 0, servers in the sandbox: the harness (serve, tcp_pair).

Two clauses no check enforced before this map was made (realistic
implementations broke them and passed): echo_client's timeout bounding the
connect (the old timeout check used a listener that completes handshakes,
so only the read was bounded), and the server's descriptors after a client
that resets or breaks the pipe (only clean clients were counted, and the
survival checks passed a server that forgets to close on those paths).
"""
import contextlib
import errno
import random
import re
import socket

import pytest
from hypothesis import given, strategies as st

import echo_conformance as echo
from harness import deadline, expect_raises, runs_in, serve, topic
from harness.fakes import ScriptedSocket
from harness.net import refused_address, sending_in_background, tcp_pair

tcp = topic("tcp")

QUICK = 1.0  # seconds for a call on a fake socket: it never needs to wait
NET = 3.0    # seconds for a call on loopback
TIMEOUT = echo.TIMEOUT        # the timeout passed where one must fire


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _names(message: str, number: int) -> bool:
    """Whether ``message`` contains ``number`` as a whole number."""
    return re.search(rf"(?<!\d){number}(?!\d)", message) is not None


def _compare(got: bytes, expected: bytes) -> str:
    """'N bytes' or 'N bytes (different ones)', for messages about payloads."""
    same_length = len(got) == len(expected)
    return f"{len(got)} bytes" + (" (different ones)" if same_length else "")


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

    中文: 检查 recv_exactly 会反复调用 recv，直到凑齐 n 个字节。

    提示: 一次 recv(n) 返回的是当前已经到达的数据，可能是 1 到 n
    之间任意个字节，不是“一条消息”。要在循环里不断接收、拼接，直到凑够 n
    个字节为止。
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

    中文: 检查 recv_exactly 每次向 recv 要的字节数都不超过还缺的字节数。

    提示: 先 recv(4096) 再切片，会把 n
    个字节后面的数据扔掉，而那些数据属于下一条消息（粘包的另一面）。每次只要
    n - len(已收到) 个字节。
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

    中文: 检查在真实套接字上，recv_exactly
    读完之后，后面的字节仍留在套接字里可读。

    提示: 两条消息都已经在接收缓冲区里，recv(4096) 会把它们一起取走；recv(n
    - len(已收到)) 只取属于你的那部分。
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

    中文: 检查无论数据怎样分块到达，recv_exactly 都返回前 n
    个字节，数据不够时抛出 EOFError。

    提示: 不管每块多大，结果都是数据流的前 n
    个字节，其余的留在套接字里；总共不足 n 个字节就是 EOFError。
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

    中文: 检查 recv_exactly(sock, 0) 不调用 recv，直接返回 b''。

    提示: n == 0 时没有任何数据要等；在一个安静的连接上调用 recv
    可能会永远阻塞。
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

    中文: 检查 recv_exactly(sock, -3) 抛出 ValueError，并在消息里写出 -3。

    提示: 读数据之前先检查
    n；负数是调用者的错误，异常消息应该写出这个错误的值。
    """
    sock = ScriptedSocket([b"abc"])
    with deadline(QUICK, "recv_exactly(sock, -3)"):
        error = expect_raises(ValueError, "recv_exactly(sock, -3)", tcp.recv_exactly, sock, -3)
    assert "-3" in str(error), (
        f"recv_exactly(sock, -3) raised ValueError({str(error)!r}); the "
        "message should name the bad value -3")


@pytest.mark.parametrize("bad", [True, 2.0, "4"])
def test_recv_exactly_rejects_non_int_n(bad):
    """recv_exactly raises TypeError when n is not an int (a bool is not one).

    Hint: check the type before using n: isinstance(n, int) and not
    isinstance(n, bool) (True is an int in Python, and would read 1 byte).

    中文: 检查 n 不是 int 时（bool 也不算）recv_exactly 抛出 TypeError。

    提示: 使用 n 之前先检查类型：isinstance(n, int) and not isinstance(n,
    bool)（在 Python 里 True 也是 int，会被当成读 1 个字节）。
    """
    sock = ScriptedSocket([b"abcd"])
    call = f"recv_exactly(sock, {bad!r})"
    with deadline(QUICK, call):
        expect_raises(TypeError, call, tcp.recv_exactly, sock, bad)


@pytest.mark.parametrize("chunks, n, arrived", [
    ([b"abc", b"de"], 12, 5),
    ([], 4, 0),
], ids=["5-of-12", "0-of-4"])
def test_recv_exactly_eof_says_how_much_arrived(chunks, n, arrived):
    """recv_exactly raises EOFError naming how many of n bytes arrived.

    Hint: recv returns b'' (empty bytes, not '') once the peer has closed,
    and keeps returning it: a loop that does not test for it spins forever.

    中文: 检查对方提前关闭时 recv_exactly 抛出 EOFError，消息里写明 n
    个字节中到了几个。

    提示: 对方关闭后 recv 返回 b''（空字节串，不是空字符串
    ''），而且以后每次都返回它：不判断 b'' 的循环会一直空转。
    """
    sock = ScriptedSocket(chunks)
    call = f"recv_exactly(sock, {n}) when the peer closes after {arrived} bytes"
    with deadline(QUICK, call, "recv returns b'' at end of stream; stop and raise EOFError"):
        message = str(expect_raises(EOFError, call, tcp.recv_exactly, sock, n))
    for number in (arrived, n):
        assert _names(message, number), (
            f"recv_exactly(sock, {n}) after {arrived} bytes raised "
            f"EOFError({message!r}); the message should say {arrived} of {n} "
            "bytes arrived")


def test_recv_exactly_eof_on_real_socket():
    """recv_exactly raises EOFError when a real peer closes early.

    Hint: after the peer closes, recv returns b'' at once, every time.

    中文: 检查真实的对端提前关闭时，recv_exactly 抛出 EOFError。

    提示: 对端关闭之后，每次 recv 都会立即返回 b''。
    """
    a, b = tcp_pair()
    with a, b:
        a.sendall(b"abc")
        a.close()
        call = "recv_exactly(sock, 10) after the peer sent 3 bytes and closed"
        with deadline(NET, call, "test `if not chunk:` and raise EOFError"):
            message = str(expect_raises(EOFError, call, tcp.recv_exactly, b, 10))
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

    中文: 检查 recv_until_eof 把 b'' 之前收到的所有数据块拼接起来返回。

    提示: 循环调用 recv，直到它返回 b''；一次 recv
    只是一块数据，不是整个数据流。
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

    中文: 检查 recv_until_eof 能读完通过真实连接发来的 1 MiB 数据。

    提示: 大量数据会分成很多块到达；要一直读到 b'' 为止。
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

    中文: 检查 send_all 只用 send 就按顺序发出每一个字节，并返回 len(data)。

    提示: send
    返回它实际接收的字节数，可能比你给的少；把还没发出的部分（data[sent:]）继续发，直到全部发完。这个假套接字没有
    sendall。
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

    中文: 检查 send_all(sock, b'') 返回 0，什么也不发。

    提示: 循环的条件是“还有字节没发”；一个字节都没有时，循环立即结束。
    """
    sock = ScriptedSocket()
    with deadline(QUICK, "send_all(sock, b'')"):
        result = tcp.send_all(sock, b"")
    assert result == 0 and bytes(sock.sent) == b"", (
        f"send_all(sock, b'') returned {result!r} and sent {bytes(sock.sent)!r}; expected 0 and nothing")


def test_send_all_rejects_str():
    """send_all and safe_send raise TypeError for a str, and send nothing.

    Hint: a socket carries bytes, not text: the caller chooses the encoding
    (text.encode("utf-8")). Don't encode for them behind their back.

    中文: 检查 send_all 和 safe_send 收到 str 时抛出
    TypeError，而且什么也不发。

    提示:
    套接字传输的是字节，不是文本：编码由调用者决定（text.encode("utf-8")）。不要背着调用者悄悄替它编码。
    """
    for name in ("send_all", "safe_send"):
        sock = ScriptedSocket()
        call = f"{name}(sock, 'text')"
        with deadline(QUICK, call):
            error = expect_raises(TypeError, call, getattr(tcp, name), sock, "text")
        assert "str" in str(error) or "'text'" in str(error), (
            f"{call} raised TypeError({str(error)!r}); the message should name "
            "the bad value or its type (str)")
        assert bytes(sock.sent) == b"", f"{call} sent {bytes(sock.sent)!r} before raising; expected nothing"


def test_helpers_keep_socket_timeout():
    """recv_exactly, recv_until_eof, send_all and safe_send leave the caller's socket timeout as it was.

    Hint: these functions borrow the caller's socket: don't call settimeout
    or setblocking on it. If the caller wants another timeout, that is the
    caller's business.

    中文: 检查 recv_exactly、recv_until_eof、send_all 和 safe_send
    不改变调用者套接字的超时设置。

    提示: 这些函数只是借用调用者的套接字：不要对它调用 settimeout 或
    setblocking。需要别的超时，那是调用者自己的事。
    """
    a, b = tcp_pair(timeout=2.5)
    with a, b:
        steps = [(a, "send_all(sock, b'abcdef')", lambda: tcp.send_all(a, b"abcdef")),
                 (a, "safe_send(sock, b'ghi')", lambda: tcp.safe_send(a, b"ghi")),
                 (b, "recv_exactly(sock, 6)", lambda: tcp.recv_exactly(b, 6)),
                 (a, "shutting down writing", lambda: a.shutdown(socket.SHUT_WR)),
                 (b, "recv_until_eof(sock)", lambda: tcp.recv_until_eof(b))]
        for sock, call, step in steps:
            with deadline(NET, call):
                step()
            assert sock.gettimeout() == 2.5, (
                f"{call} on a socket with timeout 2.5 left it with timeout "
                f"{sock.gettimeout()!r}: a function must not change the settings "
                "of a socket it is given")


# ---------------------------------------------------------------- safe_send

def test_safe_send_true_when_all_sent():
    """safe_send returns True after sending every byte.

    Hint: safe_send is send_all plus an except clause; True only when every
    byte went out.

    中文: 检查 safe_send 发完全部字节后返回 True。

    提示: safe_send 就是 send_all 加上一个 except
    子句；只有全部字节都发出去才返回 True。
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

    中文: 检查 send 抛出 BrokenPipeError 或 ConnectionResetError
    时，safe_send 返回 False。

    提示:
    对方已经离开时，随时机不同会出现这两种异常中的任意一种；两个都要捕获，而且只捕获这两个。
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

    中文: 检查除了“对方已离开”之外的错误，safe_send 都原样抛出。

    提示: TimeoutError 和 BrokenPipeError 都是 OSError 的子类：except
    OSError 会把超时和程序错误一起吞掉。只捕获 BrokenPipeError 和
    ConnectionResetError。
    """
    sock = ScriptedSocket(max_send=3, send_error=error, error_after=5)
    call = f"safe_send(sock, 100 bytes) when send raises {error!r}"
    with deadline(QUICK, call):
        expect_raises(type(error), call, tcp.safe_send, sock, bytes(100))


def test_safe_send_real_peer_gone():
    """safe_send on a real socket returns False once the peer has closed.

    Hint: the first send after the peer left may still succeed (it only
    fills the local buffer); a later one fails with BrokenPipeError or
    ConnectionResetError, which safe_send turns into False.

    中文: 检查在真实套接字上，对方关闭之后 safe_send 最终返回 False。

    提示: 对方离开后的第一次 send
    可能仍然成功（数据只是写进了本地的发送缓冲区）；之后的某次 send 才会抛出
    BrokenPipeError 或 ConnectionResetError，safe_send 把它变成 False。
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

    中文: 检查 echo_client 发送数据、关闭写端，并返回服务端发回的内容。

    提示: 这个服务端要读到流结束（EOF）才回答，所以客户端发完后必须调用
    shutdown(socket.SHUT_WR)，然后一直读到
    b''。返回服务端发回的内容，而不是你发出去的 payload。
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

    中文: 检查不超过 64 KiB 的 payload，echo_client 都能收回每一个字节。

    提示: 回显的数据会分成很多块回来：要读到 b'' 为止，不能只读一次。
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

    中文: 检查服务端一直不回答时，echo_client 在大约 timeout 秒后抛出
    TimeoutError。

    提示: 把 timeout 传给 socket.create_connection（或者调用
    settimeout）；这样阻塞的 recv 到时会抛出 TimeoutError（socket.timeout
    就是 TimeoutError）。timeout 的单位是秒。
    """
    with socket.create_server(("127.0.0.1", 0)) as silent:  # never accepts, never reads
        address = silent.getsockname()
        call = f"echo_client(address, b'hi', timeout={TIMEOUT}) against a server that never answers"
        echo.times_out(call, tcp.echo_client, address, b"hi", timeout=TIMEOUT)


@pytest.mark.points(2)
def test_echo_client_connect_times_out():
    """echo_client's timeout bounds the connect: TimeoutError after about timeout seconds, socket closed.

    Hint: the server's accept queue is full, so the SYN is dropped and the
    connect is never answered (the kernel would retry for about two
    minutes). Give the socket its timeout before connecting
    (socket.create_connection(address, timeout=timeout)), not after.

    中文: 检查 echo_client 的 timeout 也限制 connect：大约 timeout 秒后抛出
    TimeoutError，并关闭套接字。

    提示: 服务端的 accept 队列已满，SYN 被丢弃，connect
    永远得不到回应（内核会重试大约两分钟）。要在 connect
    之前就给套接字设置超时（socket.create_connection(address,
    timeout=timeout)），而不是连上之后再设。
    """
    with echo.unanswered_address() as address:
        call = (f"echo_client(address, b'hi', timeout={TIMEOUT}) to a listener "
                "whose accept queue is full (the connect is never answered)")
        before = echo.open_fds(runs_in(tcp))
        error = echo.times_out(call, tcp.echo_client, address, b"hi", timeout=TIMEOUT)
        echo.no_leaked_socket(runs_in(tcp), call, before, error)


@pytest.mark.parametrize("case", ["read-timeout", "refused"])
def test_echo_client_closes_socket_on_errors(case):
    """echo_client closes its socket when it fails: after a timeout waiting for data, or a refused connect.

    Hint: `sock.close()` at the end of the function is skipped when an
    exception leaves it early. Use `with socket.create_connection(...) as
    sock:` (create_connection also closes its socket when the connect fails).

    中文: 检查 echo_client
    出错时（等待数据超时、连接被拒绝）也会关闭自己的套接字。

    提示: 写在函数末尾的 sock.close()，在异常提前离开函数时不会执行。用 with
    socket.create_connection(...) as sock:（connect 失败时 create_connection
    自己也会关闭套接字）。
    """
    with contextlib.ExitStack() as stack:
        if case == "refused":
            holder, address = refused_address()
            stack.enter_context(holder)
            expected, what = ConnectionRefusedError, "with nothing listening at address"
        else:
            silent = stack.enter_context(socket.create_server(("127.0.0.1", 0)))
            address = silent.getsockname()
            expected, what = TimeoutError, "against a server that never answers"
        call = f"echo_client(address, b'hi', timeout={TIMEOUT}) {what}"
        before = echo.open_fds(runs_in(tcp))
        with deadline(NET, call):
            error = expect_raises(expected, call, tcp.echo_client, address, b"hi", timeout=TIMEOUT)
        echo.no_leaked_socket(runs_in(tcp), call, before, error)


def test_echo_client_connection_refused():
    """echo_client raises ConnectionRefusedError when nothing listens.

    Hint: let the error of create_connection/connect propagate; do not
    return b'' or retry forever.

    中文: 检查没有服务端在监听时，echo_client 抛出 ConnectionRefusedError。

    提示: 让 create_connection/connect 的异常直接抛出去；不要返回
    b''，也不要无限重试。
    """
    holder, address = refused_address()
    with holder:
        call = "echo_client(address, b'hi') with nothing listening at address"
        with deadline(NET, call):
            expect_raises(ConnectionRefusedError, call, tcp.echo_client, address, b"hi", timeout=1.0)


# ---------------------------------------------------------------- serve_echo

def test_serve_echo_one_client():
    """serve_echo echoes one client's bytes and closes it at EOF.

    Hint: accept, then recv/sendall until recv returns b'', then close the
    client socket (the client is waiting for that close).

    中文: 检查 serve_echo 回显一个客户端的数据，并在读到 EOF 时关闭它。

    提示: accept 之后循环 recv/sendall，直到 recv 返回
    b''，然后关闭这个客户端套接字（客户端正在等这个关闭）。
    """
    with serve(tcp.serve_echo) as server:
        with deadline(NET, "one client of serve_echo"):
            echo.check_echo_one_client(server)


@pytest.mark.points(2)
def test_serve_echo_100_clients_in_sequence():
    """serve_echo serves 100 clients one after another.

    Hint: after one client leaves, go back to accept() for the next: the
    whole server is a `while True:` around accept.

    中文: 检查 serve_echo 能一个接一个地服务 100 个客户端。

    提示: 一个客户端离开后，回到 accept() 接待下一个：整个服务端就是包在
    accept 外面的一个 while True: 循环。
    """
    with serve(tcp.serve_echo) as server:
        with deadline(10, "100 clients of serve_echo, one after another"):
            echo.check_echo_sequential_clients(server, 100)


def test_serve_echo_echoes_as_data_arrives():
    """serve_echo sends each chunk back as it arrives, on one connection.

    Hint: echo inside the recv loop (recv, sendall, recv, ...), not after
    the client has finished.

    中文: 检查 serve_echo 在同一个连接上每收到一块数据就立即发回。

    提示: 在 recv
    循环里回显（recv、sendall、recv……），不要等客户端全部发完才发回。
    """
    with serve(tcp.serve_echo) as server:
        with deadline(NET, "several messages on one serve_echo connection"):
            echo.check_echo_interactive(server)


def test_serve_echo_64k_payload():
    """serve_echo echoes a 64 KiB payload completely.

    Hint: one recv returns part of it; echo every chunk with sendall.

    中文: 检查 serve_echo 能完整回显 64 KiB 的数据。

    提示: 一次 recv 只能拿到其中一部分；每一块都用 sendall 发回。
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

    中文: 检查有客户端重置连接（RST）之后，serve_echo 仍然继续服务。

    提示: 客户端的 RST 会让 recv 抛出
    ConnectionResetError。只在这个客户端的范围内（包住它的回显循环）捕获它，关闭它的套接字，再接待下一个客户端。
    """
    with serve(tcp.serve_echo) as server:
        with deadline(NET, "serve_echo after a client sent RST"):
            echo.check_survives_reset(server)


@pytest.mark.points(2)
def test_serve_echo_survives_unread_echo():
    """serve_echo keeps serving after a client closes without reading its echo.

    Hint: sending to a client that has gone raises BrokenPipeError or
    ConnectionResetError; catch both for that client and move on.

    中文: 检查有客户端不读回显就关闭之后，serve_echo 仍然继续服务。

    提示: 向已经离开的客户端发送数据，会抛出 BrokenPipeError 或
    ConnectionResetError；针对这个客户端把两种都捕获，然后继续。
    """
    with serve(tcp.serve_echo) as server:
        with deadline(NET, "serve_echo after a client left without reading"):
            echo.check_survives_unread_echo(server)


@pytest.mark.points(2)
def test_serve_echo_closes_client_sockets():
    """serve_echo's open file descriptors return to the baseline after clients leave.

    Hint: every accepted socket is a file descriptor; close it when its
    client is done (`with conn:` does it even on errors).

    中文: 检查客户端离开之后，serve_echo 打开的文件描述符数目回到基线。

    提示: 每个 accept
    得到的套接字都占一个文件描述符；客户端结束时要关闭它（with conn:
    即使出错也会关闭）。
    """
    with serve(tcp.serve_echo) as server:
        with deadline(2 * NET, "20 clients of serve_echo, then counting its fds"):
            echo.check_fds_return_to_baseline(server, 20)


@pytest.mark.points(2)
def test_serve_echo_survives_broken_pipe():
    """serve_echo keeps serving after clients leave while it is blocked sending their echo.

    Hint: a client that shut down writing (FIN) and then reset makes your
    blocked sendall raise BrokenPipeError, not ConnectionResetError: catch
    both, per client.

    中文: 检查客户端在 serve_echo 阻塞于发送回显时离开，服务端仍然继续服务。

    提示: 客户端先关闭写端（FIN）再重置连接，会让你阻塞中的 sendall 抛出
    BrokenPipeError，而不是
    ConnectionResetError：对每个客户端，两种都要捕获。
    """
    with serve(tcp.serve_echo, sockopts=echo.MID_ECHO_SOCKOPTS) as server:
        with deadline(3 * NET, "serve_echo after clients left while it was sending"):
            echo.check_survives_broken_pipe(server)


@pytest.mark.points(2)
@pytest.mark.parametrize("way", ["reset", "broken-pipe", "silent"])
def test_serve_echo_fds_back_after_every_way_of_leaving(way):
    """serve_echo's descriptors are back at the baseline after each client that resets, breaks the pipe or never sends.

    Hint: a `conn.close()` after the echo loop is skipped when recv or send
    raises, and a `continue` before it skips it too: the socket then stays
    open until the next accept. Put the whole session in `with conn:`.

    中文: 检查每个重置连接、造成管道破裂（broken
    pipe）或从不发送数据的客户端离开后，serve_echo
    的文件描述符数目都回到基线。

    提示: 写在回显循环后面的 conn.close()，在 recv 或 send
    抛出异常时会被跳过，写在它前面的 continue
    也会跳过它：这个套接字就一直开着，直到下一次 accept。把整个会话放进 with
    conn: 里。
    """
    with serve(tcp.serve_echo, sockopts=echo.MID_ECHO_SOCKOPTS) as server:
        with deadline(4 * NET, f"serve_echo with clients leaving ({way})"):
            echo.check_fds_after_leaving(server, way)
