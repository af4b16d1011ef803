"""Checks for topic 8, nonblocking: calls that never wait, or wait a bounded time.

These are the suite's timeout checks. Their bounds are generous enough for a
loaded 2-core machine and tight enough to catch a call that blocks, a
timeout taken in milliseconds, or a busy-wait loop (the process's CPU time
during a 0.5 s wait must stay small). Late data and late clients come from a
timer thread 0.1 s after the call starts: that delay is the behaviour under
test, nothing is synchronised by sleeping. An unanswered connect goes to a
listener whose accept queue is full (listen(0) plus one connection nobody
accepts): Linux then drops further SYNs, so the handshake never completes.

Clause-to-check map (CURRICULUM.md section 8 and the general rules):

| clause | checks |
|---|---|
| recv_nowait: never blocks; None when no data | test_recv_nowait_none_when_no_data |
| recv_nowait: returns ready data (up to n) | test_recv_nowait_returns_ready_data |
| recv_nowait: b"" at EOF (None vs b"") | test_recv_nowait_eof_is_empty_bytes |
| recv_with_timeout: returns as soon as data arrives (data after 0.1 s, 5 s timeout) | test_recv_with_timeout_returns_late_data_at_once |
| recv_with_timeout: None after timeout (0.3 s -> 0.25-1.5 s); seconds, not milliseconds | test_recv_with_timeout_none_after_timeout |
| recv_with_timeout: b"" at EOF | test_recv_with_timeout_eof_is_empty_bytes |
| accept_with_timeout: the accepted pair; None after timeout | test_accept_with_timeout_client_arriving_later, test_accept_with_timeout_none_after_timeout |
| accept_with_timeout: the accepted socket is in blocking mode | test_accept_with_timeout_returns_blocking_socket, test_accept_with_timeout_client_arriving_later |
| connect_with_timeout: connected socket in blocking mode | test_connect_with_timeout_connects |
| ... ConnectionRefusedError promptly (< 1.5 s with a 5 s timeout), socket closed | test_connect_with_timeout_refused |
| ... TimeoutError after timeout when unanswered (full accept queue), socket closed | test_connect_with_timeout_unanswered |
| drain: what is readable now; b"" if nothing | test_drain_returns_everything_ready, test_drain_nothing_ready |
| drain: stops at EOF | test_drain_stops_at_eof |
| drain: at most 1 MiB per call against a peer that keeps sending | test_drain_at_most_one_mib_per_call |
| timeout must be positive, else ValueError (naming it); non-number -> TypeError | test_timeouts_must_be_positive, test_timeouts_must_be_numbers |
| a reset connection raises ConnectionResetError from any of them | test_reset_raises_connection_reset_error (recv_nowait, recv_with_timeout, drain; connect: refused) |
| the caller's socket keeps its blocking mode and timeout (None, 0.0, 2.5) | test_mode_kept_after_success, test_reset_raises_connection_reset_error (when raising), test_timeouts_must_be_positive |
| no busy-wait: CPU time during a 0.5 s wait stays small | test_waits_do_not_burn_cpu |
| BlockingIOError never leaks | test_recv_nowait_none_when_no_data, test_drain_nothing_ready |
| every wait bounded by its timeout, the connect too | test_recv_with_timeout_none_after_timeout, test_accept_with_timeout_none_after_timeout, test_connect_with_timeout_unanswered |
"""
import contextlib
import fcntl
import select
import socket
import struct
import termios
import threading
import time

import pytest

from harness import deadline, runs_in, topic
from harness.net import refused_address, tcp_pair
from socket_watch import SocketWatch

nb = topic("nonblocking")

MIB = 1024 * 1024
NET = 3.0          # seconds for a loopback exchange that should be immediate
AT_ONCE = 0.8      # "returns at once" on a loaded machine (a 1 s block fails)
LATE = 0.1         # seconds after the call starts that late data or a client arrives
SHORT = 0.3        # a timeout that must expire ...
SHORT_BOUNDS = (0.25, 1.5)   # ... within these bounds (a loaded machine may add 1 s)
REFUSED = 5.0      # the timeout of a refused connect, which must not be waited out ...
PROMPT = 1.5       # ... it must raise within this (at once on loopback)
IDLE = 0.5         # the wait whose CPU time is measured
CPU_LIMIT = 0.1    # CPU seconds allowed during that wait (a busy loop uses ~IDLE)
MODES = [None, 0.0, 2.5]
MODE_IDS = ["blocking", "non-blocking", "timeout-2.5"]


def _mode_name(mode) -> str:
    return {None: "blocking (timeout None)", 0.0: "non-blocking (timeout 0.0)"}.get(
        mode, f"timeout {mode}")


def _readable(sock, what: str) -> None:
    """Wait (bounded) until `sock` has data, EOF or an error pending."""
    ready, _, _ = select.select([sock], [], [], NET)
    assert ready, f"the check's own setup: {what} did not arrive within {NET} s"


def _peer_shut_down(sock) -> None:
    """Wait (bounded) until the peer's FIN has arrived (POLLRDHUP), data or not."""
    poller = select.poll()
    poller.register(sock, select.POLLRDHUP)
    assert poller.poll(NET * 1000), (
        f"the check's own setup: the peer's EOF did not arrive within {NET} s")


def _queued(sock) -> int:
    """Bytes in the socket's receive queue (FIONREAD), without reading them."""
    return struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.FIONREAD, b"\0" * 4))[0]


def _wait_queued(sock, at_least: int, seconds: float = NET) -> int:
    end = time.monotonic() + seconds
    while (count := _queued(sock)) < at_least and time.monotonic() < end:
        select.select([], [], [], 0.005)  # polling the kernel's count, bounded above
    return count


def _cpu_seconds() -> float:
    """CPU time (user + system, all threads) of the process running the topic."""
    times = runs_in(nb).cpu_times()
    return times.user + times.system


def _call(what: str, allowed: float, fn, *args, hint: str = ""):
    """Call fn under a deadline; (result or the OSError it raised, wall s, CPU s)."""
    cpu0, wall0 = _cpu_seconds(), time.monotonic()
    with deadline(allowed, what, hint):
        try:
            result = fn(*args)
        except OSError as exc:
            result = exc
    return result, time.monotonic() - wall0, _cpu_seconds() - cpu0


def _expect_mode(sock, mode, what: str) -> None:
    now = sock.gettimeout()
    assert now == mode, (
        f"{what} left the caller's {_mode_name(mode)} socket with timeout "
        f"{now!r}: save sock.gettimeout() first and restore it with "
        "sock.settimeout(saved) in a finally block (setblocking(True/False) "
        "would replace a timeout)")


@contextlib.contextmanager
def _after(seconds: float, fn, *args):
    """Run fn(*args) in a timer thread `seconds` after the block starts."""
    errors = []

    def run():
        try:
            fn(*args)
        except OSError as exc:  # reported by the check if it matters
            errors.append(exc)

    timer = threading.Timer(seconds, run)
    timer.start()
    try:
        yield errors
    finally:
        timer.cancel()
        timer.join(NET)


def _reset_socket() -> socket.socket:
    """A connected socket whose peer has reset the connection (RST arrived)."""
    a, b = tcp_pair()
    with b:
        b.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    _readable(a, "the peer's reset (RST)")
    return a


@contextlib.contextmanager
def _full_listener():
    """A listener whose accept queue is full: further SYNs are dropped."""
    with contextlib.ExitStack() as stack:
        listener = stack.enter_context(socket.socket())
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)   # Linux queues backlog + 1 = 1 completed connection
        address = listener.getsockname()
        stack.enter_context(socket.create_connection(address, timeout=NET))
        end = time.monotonic() + NET
        while _accept_queue(address[1]) < 1:
            assert time.monotonic() < end, (
                "the check's own setup: the first connection did not reach the "
                f"accept queue within {NET} s")
            select.select([], [], [], 0.005)
        yield address


def _accept_queue(port: int) -> int:
    """The accept-queue length of the IPv4 listener on `port` (/proc/net/tcp)."""
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
                return int(fields[4].split(":")[1], 16)
    return 0


# ---------------------------------------------------------------- recv_nowait

def test_recv_nowait_returns_ready_data():
    """recv_nowait returns the data that is ready, at most n bytes.

    Hint: make the socket non-blocking (settimeout(0.0)) for one recv(n),
    then put its mode back.

    中文: 检查 recv_nowait 返回已经到达的数据，最多 n 个字节。

    提示: 把套接字临时设为 非阻塞（settimeout(0.0)），调用一次 recv(n)，再恢复原来的模式。
    """
    a, b = tcp_pair()
    with a, b:
        a.sendall(b"hello")
        _readable(b, "b'hello'")
        first, _, _ = _call("recv_nowait(sock, 2)", AT_ONCE, nb.recv_nowait, b, 2)
        rest, _, _ = _call("recv_nowait(sock)", AT_ONCE, nb.recv_nowait, b)
    assert (first, rest) == (b"he", b"llo"), (
        f"with b'hello' ready, recv_nowait(sock, 2) then recv_nowait(sock) "
        f"returned {first!r} and {rest!r}; expected b'he' and b'llo'")


@pytest.mark.points(2)
def test_recv_nowait_none_when_no_data():
    """recv_nowait returns None at once when no data is ready (no BlockingIOError).

    Hint: on a non-blocking socket, recv raises BlockingIOError when it
    would block: catch it and return None. A blocking recv here would wait
    for ever.

    中文: 检查没有数据时 recv_nowait 立即返回 None，不抛 BlockingIOError。

    提示: 非阻塞 套接字在没有数据时 recv 会抛 BlockingIOError，捕获它并返回 None；
    如果用 阻塞 的 recv，这里会一直等下去。
    """
    a, b = tcp_pair()
    with a, b:
        result, wall, _ = _call("recv_nowait(sock) with no data", AT_ONCE, nb.recv_nowait, b,
                                hint="a non-blocking call must return at once")
    if isinstance(result, BlockingIOError):
        raise AssertionError(
            f"recv_nowait(sock) with no data raised {result!r}; expected None: "
            "BlockingIOError is the 'no data yet' case, catch it")
    assert result is None, (
        f"recv_nowait(sock) with no data returned {result!r} after {wall:.2f} s; "
        "expected None (b'' would mean the peer has closed)")


def test_recv_nowait_eof_is_empty_bytes():
    """recv_nowait returns b'' (not None) when the peer has closed.

    Hint: recv returns b'' at end of stream; only BlockingIOError means "no
    data yet". Keep the two apart: None is not b''.

    中文: 检查对端关闭后 recv_nowait 返回 b''（不是 None）。

    提示: 对端关闭时 recv 返回 b''；只有 BlockingIOError 才表示"暂时没有数据"。None 和
    b'' 含义不同，不能混用。
    """
    a, b = tcp_pair()
    with a, b:
        a.shutdown(socket.SHUT_WR)
        _readable(b, "the peer's EOF")
        result, _, _ = _call("recv_nowait(sock) at EOF", AT_ONCE, nb.recv_nowait, b)
    assert result == b"" and type(result) is bytes, (
        f"recv_nowait(sock) after the peer shut down its writing side returned "
        f"{result!r}; expected b'' (end of stream), not None (no data yet)")


# ----------------------------------------------------------- recv_with_timeout

@pytest.mark.points(2)
def test_recv_with_timeout_returns_late_data_at_once():
    """recv_with_timeout(sock, 100, 5.0) returns data sent 0.1 s later long before 5 s.

    Hint: wait in the kernel for data (settimeout then recv, or select) and
    return as soon as any arrives; do not sleep the whole timeout first, and
    do not wait for all n bytes.

    中文: 检查数据在 0.1 秒后到达时，recv_with_timeout(sock, 100, 5.0) 远在 5 秒之前就返回。

    提示: 让内核去等数据（settimeout 后 recv，或 select），一有数据就返回；不要先 sleep
    整个超时，也不要等凑满 n 个字节。
    """
    a, b = tcp_pair()
    with a, b, _after(LATE, a.sendall, b"late"):
        result, wall, _ = _call("recv_with_timeout(sock, 100, 5.0) with data after 0.1 s",
                                NET, nb.recv_with_timeout, b, 100, 5.0)
    assert result == b"late", (
        f"recv_with_timeout(sock, 100, 5.0), with b'late' arriving 0.1 s later, "
        f"returned {result!r} after {wall:.2f} s; expected b'late'")
    assert wall < 2.0, (
        f"recv_with_timeout(sock, 100, 5.0) returned data sent after 0.1 s only "
        f"after {wall:.2f} s; it must return as soon as data arrives")


@pytest.mark.points(2)
def test_recv_with_timeout_none_after_timeout():
    """recv_with_timeout(sock, 100, 0.3) with no data returns None after 0.25 to 1.5 s.

    Hint: the timeout is in seconds (settimeout(0.3), select(..., 0.3));
    poll() takes milliseconds. Catch TimeoutError and return None.

    中文: 检查没有数据时 recv_with_timeout(sock, 100, 0.3) 在 0.25 到 1.5 秒之间返回 None。

    提示: 超时单位是 秒（settimeout(0.3)、select(..., 0.3)），poll() 才用毫秒；捕获
    TimeoutError 返回 None。
    """
    a, b = tcp_pair()
    with a, b:
        result, wall, _ = _call("recv_with_timeout(sock, 100, 0.3) with no data", NET,
                                nb.recv_with_timeout, b, 100, SHORT,
                                hint="the timeout is 0.3 seconds (not milliseconds)")
    if isinstance(result, TimeoutError):
        raise AssertionError(
            f"recv_with_timeout(sock, 100, 0.3) with no data raised {result!r}; "
            "expected None: catch the TimeoutError")
    assert result is None, (
        f"recv_with_timeout(sock, 100, 0.3) with no data returned {result!r}; expected None")
    low, high = SHORT_BOUNDS
    assert low <= wall <= high, (
        f"recv_with_timeout(sock, 100, 0.3) with no data returned None after "
        f"{wall:.3f} s; expected {low} to {high} s: wait 0.3 seconds"
        + (" (a timeout in milliseconds ends far too soon)" if wall < low else ""))


def test_recv_with_timeout_eof_is_empty_bytes():
    """recv_with_timeout returns b'' at once when the peer has closed.

    Hint: EOF is an answer, not a timeout: recv returns b'' immediately, and
    so should you.

    中文: 检查对端关闭时 recv_with_timeout 立即返回 b''。

    提示: EOF 是一个结果而不是超时：recv 立刻返回 b''，直接返回它即可。
    """
    a, b = tcp_pair()
    with a, b:
        a.shutdown(socket.SHUT_WR)
        result, wall, _ = _call("recv_with_timeout(sock, 100, 5.0) at EOF", NET,
                                nb.recv_with_timeout, b, 100, 5.0)
    assert result == b"" and type(result) is bytes and wall < 2.0, (
        f"recv_with_timeout(sock, 100, 5.0) after the peer closed returned "
        f"{result!r} after {wall:.2f} s; expected b'' at once (None means no data)")


# --------------------------------------------------------- accept_with_timeout

@pytest.mark.points(2)
def test_accept_with_timeout_client_arriving_later():
    """accept_with_timeout(listener, 5.0) returns the client that connects 0.1 s later, at once.

    Hint: give the listener a timeout (or select on it) for one accept, and
    return the (conn, address) pair accept gives.

    中文: 检查 0.1 秒后才连接的客户端会被 accept_with_timeout(listener, 5.0) 立即返回。

    提示: 给监听套接字临时设置超时（或用 select）再调用一次 accept，返回 accept 得到的
    (conn, address)。
    """
    with socket.create_server(("127.0.0.1", 0)) as listener, socket.socket() as client:
        client.settimeout(NET)
        with _after(LATE, client.connect, listener.getsockname()):
            result, wall, _ = _call("accept_with_timeout(listener, 5.0), client after 0.1 s",
                                    NET, nb.accept_with_timeout, listener, 5.0)
        assert isinstance(result, tuple) and len(result) == 2, (
            f"accept_with_timeout(listener, 5.0) with a client arriving after 0.1 s "
            f"returned {result!r}; expected (conn, address)")
        conn, address = result
        with conn:
            assert wall < 2.0, (
                f"accept_with_timeout(listener, 5.0) returned a client that came "
                f"after 0.1 s only after {wall:.2f} s: return as soon as it arrives")
            assert address == client.getsockname() == conn.getpeername(), (
                f"accept_with_timeout returned address {address!r}; the client is "
                f"{client.getsockname()!r}")
            assert conn.gettimeout() is None, (
                f"accept_with_timeout returned a socket with timeout "
                f"{conn.gettimeout()!r}; expected blocking mode (timeout None)")


@pytest.mark.points(2)
def test_accept_with_timeout_none_after_timeout():
    """accept_with_timeout(listener, 0.3) with no client returns None after 0.25 to 1.5 s.

    Hint: a timeout in seconds; catch TimeoutError (or an empty select)
    and return None.

    中文: 检查没有客户端时 accept_with_timeout(listener, 0.3) 在 0.25 到 1.5 秒之间返回 None。

    提示: 超时单位是秒；捕获 TimeoutError（或 select 返回空）后返回 None。
    """
    with socket.create_server(("127.0.0.1", 0)) as listener:
        result, wall, _ = _call("accept_with_timeout(listener, 0.3) with no client", NET,
                                nb.accept_with_timeout, listener, SHORT,
                                hint="the timeout is 0.3 seconds (not milliseconds)")
    low, high = SHORT_BOUNDS
    assert result is None and low <= wall <= high, (
        f"accept_with_timeout(listener, 0.3) with no client returned {result!r} "
        f"after {wall:.3f} s; expected None after {low} to {high} s")


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
def test_accept_with_timeout_returns_blocking_socket(mode):
    """accept_with_timeout returns a blocking socket whatever the listener's mode, and keeps that mode.

    Hint: the accepted socket may inherit the listener's timeout or
    non-blocking flag: call conn.setblocking(True) before returning it, and
    restore the listener with settimeout(saved).

    中文: 检查无论监听套接字是什么模式，accept_with_timeout 都返回 阻塞 模式的套接字，且监听套接字模式不变。

    提示: accept 得到的套接字可能继承监听套接字的超时或 非阻塞 状态，返回前调用
    conn.setblocking(True)；监听套接字要用 settimeout(原值) 恢复。
    """
    with socket.create_server(("127.0.0.1", 0)) as listener, \
            socket.create_connection(listener.getsockname(), timeout=NET) as client:
        listener.settimeout(mode)
        what = f"accept_with_timeout on a {_mode_name(mode)} listener"
        result, _, _ = _call(what, NET, nb.accept_with_timeout, listener, 1.0)
        _expect_mode(listener, mode, what)
        assert isinstance(result, tuple), f"{what} with a client waiting returned {result!r}"
        conn, _ = result
        with conn:
            assert conn.gettimeout() is None, (
                f"{what} returned a socket with timeout {conn.gettimeout()!r}; "
                "expected blocking mode (timeout None): conn.setblocking(True)")
            assert conn.getpeername() == client.getsockname()


# -------------------------------------------------------- connect_with_timeout

def test_connect_with_timeout_connects():
    """connect_with_timeout returns a connected socket in blocking mode.

    Hint: after the non-blocking connect has completed (writable, SO_ERROR
    0), call sock.setblocking(True) before returning it.

    中文: 检查 connect_with_timeout 返回已连接、处于 阻塞 模式的套接字。

    提示: 非阻塞 connect 完成后（可写且 SO_ERROR 为 0），返回之前调用
    sock.setblocking(True)。
    """
    with socket.create_server(("127.0.0.1", 0)) as listener:
        address = listener.getsockname()
        result, _, _ = _call(f"connect_with_timeout({address!r}, 2.0)", NET,
                             nb.connect_with_timeout, address, 2.0)
        if isinstance(result, BaseException):
            raise AssertionError(f"connect_with_timeout({address!r}, 2.0) to a "
                                 f"listening server raised {result!r}")
        with result as sock:
            listener.settimeout(NET)
            conn, peer = listener.accept()
            with conn:
                assert sock.getpeername() == address and peer == sock.getsockname(), (
                    f"connect_with_timeout({address!r}, 2.0) returned a socket "
                    f"connected to {sock.getpeername()!r}")
                assert sock.gettimeout() is None, (
                    f"connect_with_timeout returned a socket with timeout "
                    f"{sock.gettimeout()!r}; expected blocking mode (timeout None): "
                    "setblocking(True) after the connect")
                sock.sendall(b"ping")
                assert conn.recv(10) == b"ping"


def _failed_connect(address, timeout: float, what: str, allowed: float):
    """connect_with_timeout expected to raise: (the error, wall s, sockets left, unclosed)."""
    with SocketWatch(nb) as watch:
        cpu0, wall0 = _cpu_seconds(), time.monotonic()
        with deadline(allowed, what, "the wait for the handshake must be bounded by timeout"):
            try:
                sock = nb.connect_with_timeout(address, timeout)
            except OSError as exc:
                error, left = exc, watch.left()  # while the error holds the frames
            else:
                sock.close()
                raise AssertionError(f"{what} returned a connected socket; expected an error")
        wall, cpu = time.monotonic() - wall0, _cpu_seconds() - cpu0
    return error, wall, cpu, left, watch.unclosed


def _assert_closed(what: str, error, left, unclosed) -> None:
    assert not left, (
        f"{what} raised {type(error).__name__} with its socket still open "
        f"({', '.join(left)}): close the socket before the error propagates")
    assert not unclosed, (
        f"{what} raised {type(error).__name__} without closing its socket (the "
        f"garbage collector found it: {unclosed[0]!r}): close it in an except block")


@pytest.mark.points(2)
def test_connect_with_timeout_refused():
    """connect_with_timeout raises ConnectionRefusedError at once when refused (not after its timeout), closing its socket.

    Hint: the refusal shows as ECONNREFUSED from connect_ex, or as SO_ERROR
    once the socket is writable; raise it at once (OSError(code,
    os.strerror(code)) is a ConnectionRefusedError) and close the socket.

    中文: 检查连接被拒绝时 connect_with_timeout 立即抛出 ConnectionRefusedError（而不是等到超时），并关闭套接字。

    提示: 拒绝表现为 connect_ex 返回 ECONNREFUSED，或套接字可写后 SO_ERROR 为
    ECONNREFUSED；立即抛出（OSError(code, os.strerror(code)) 就是
    ConnectionRefusedError），抛出前关闭套接字。
    """
    holder, address = refused_address()
    with holder:
        what = f"connect_with_timeout({address!r}, {REFUSED}) with nothing listening"
        error, wall, _, left, unclosed = _failed_connect(address, REFUSED, what, REFUSED + NET)
    assert isinstance(error, ConnectionRefusedError), (
        f"{what} raised {error!r}; expected ConnectionRefusedError: read "
        "SO_ERROR once the socket is writable and raise that error")
    assert wall < PROMPT, (
        f"{what} raised ConnectionRefusedError only after {wall:.2f} s; the "
        "refusal arrives at once on loopback: raise it as soon as the socket is "
        "writable, not after the timeout")
    _assert_closed(what, error, left, unclosed)


@pytest.mark.points(2)
def test_connect_with_timeout_unanswered():
    """connect_with_timeout(address, 0.3) to a listener with a full accept queue raises TimeoutError after 0.25-1.5 s.

    Hint: wait for writability with a bound (select in seconds, poll in
    milliseconds), raise the built-in TimeoutError when it runs out, and
    close the socket first.

    中文: 检查向接受队列已满的监听端连接时，connect_with_timeout(address, 0.3) 在 0.25 到 1.5 秒之间抛出 TimeoutError。

    提示: 用 select/poll 有限时地等待可写（select 用秒，poll 用毫秒），时间到了就抛内置的
    TimeoutError，抛出前关闭套接字。
    """
    with _full_listener() as address:
        what = f"connect_with_timeout({address!r}, 0.3) to a full accept queue"
        error, wall, _, left, unclosed = _failed_connect(address, SHORT, what, NET)
    low, high = SHORT_BOUNDS
    assert isinstance(error, TimeoutError), (
        f"{what} raised {error!r}; expected the built-in TimeoutError (the server "
        "never answers: its kernel drops the SYN)")
    assert low <= wall <= high, (
        f"{what} raised TimeoutError after {wall:.3f} s; expected {low} to {high} s: "
        "the timeout is in seconds (poll() takes milliseconds)")
    _assert_closed(what, error, left, unclosed)


# ------------------------------------------------------------------ drain

def test_drain_nothing_ready():
    """drain returns b'' at once when nothing is ready (not None, no BlockingIOError).

    Hint: read in non-blocking mode until recv raises BlockingIOError; with
    nothing ready that is the first recv, and the result is b''.

    中文: 检查没有可读数据时 drain 立即返回 b''（不是 None，也不抛 BlockingIOError）。

    提示: 在 非阻塞 模式下一直 recv 到抛出 BlockingIOError 为止；没有数据时第一次 recv
    就抛，结果是 b''。
    """
    a, b = tcp_pair()
    with a, b:
        result, wall, _ = _call("drain(sock) with nothing ready", AT_ONCE, nb.drain, b,
                                hint="drain must not wait for data")
    assert result == b"" and type(result) is bytes, (
        f"drain(sock) with nothing ready returned {result!r} after {wall:.2f} s; "
        "expected b'' at once")


def test_drain_returns_everything_ready():
    """drain returns all 300,000 bytes that are ready, in order, in one call.

    Hint: one recv returns one chunk; keep calling recv (non-blocking) until
    BlockingIOError, joining the chunks.

    中文: 检查 drain 一次返回已就绪的全部 300,000 字节，顺序不变。

    提示: 一次 recv 只拿到一块数据；在 非阻塞 模式下反复 recv，直到 BlockingIOError，
    再把各块拼起来。
    """
    data = _pattern(0, 300_000)
    listener = _roomy_listener()
    with listener, socket.create_connection(listener.getsockname(), timeout=NET) as a:
        b, _ = listener.accept()
        with b:
            a.sendall(data)
            queued = _wait_queued(b, len(data))
            assert queued == len(data), f"the check's own setup: only {queued} bytes arrived"
            result, _, _ = _call("drain(sock) with 300000 bytes ready", NET, nb.drain, b)
    got = result if isinstance(result, bytes) else b""
    assert result == data, (
        f"drain(sock) with 300000 bytes ready returned {result!r}"[:200]
        + f" ({len(got)} bytes); expected all 300000 bytes: recv until "
        "BlockingIOError, not once")


def test_drain_stops_at_eof():
    """drain returns the bytes before EOF, then b'' on the next call, at once each time.

    Hint: recv returns b'' at end of stream, over and over: stop the loop
    there, or it spins for ever.

    中文: 检查 drain 返回 EOF 之前的数据，下一次调用返回 b''，且都立即返回。

    提示: 到达流末尾后 recv 会一直返回 b''，循环要在这里停下，否则会永远空转。
    """
    a, b = tcp_pair()
    with a, b:
        a.sendall(b"last words")
        a.shutdown(socket.SHUT_WR)
        _peer_shut_down(b)
        hint = "recv returns b'' at end of stream: stop there"
        first, _, _ = _call("drain(sock) with b'last words' then EOF", AT_ONCE,
                            nb.drain, b, hint=hint)
        second, _, _ = _call("drain(sock) again, at EOF", AT_ONCE, nb.drain, b, hint=hint)
    assert (first, second) == (b"last words", b""), (
        f"drain(sock) on b'last words' followed by EOF returned {first!r}, then "
        f"{second!r}; expected b'last words', then b''")


_PERIOD = 251  # a prime: chunk boundaries never line up with the pattern
_PATTERN = bytes(i % _PERIOD for i in range(65536 + _PERIOD))


def _pattern(offset: int, size: int) -> bytes:
    """Bytes [offset, offset + size) of the checks' endless stream."""
    out, end = bytearray(), offset + size
    while offset < end:
        take = min(65536, end - offset)
        out += _PATTERN[offset % _PERIOD:offset % _PERIOD + take]
        offset += take
    return bytes(out)


def _roomy_listener() -> socket.socket:
    """A loopback listener whose accepted sockets can queue megabytes unread."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * MIB)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(NET)   # accept() is bounded too
    return listener


@pytest.mark.points(2)
def test_drain_at_most_one_mib_per_call():
    """Against a peer that keeps sending, each drain call returns at most 1 MiB (exactly 1 MiB when more is ready).

    Hint: count what you have read and stop at MAX_DRAIN (ask recv for at
    most MAX_DRAIN - total), so a fast sender cannot keep drain busy for
    ever.

    中文: 检查对端不停发送时，每次 drain 最多返回 1 MiB（就绪数据超过 1 MiB 时正好 1 MiB）。

    提示: 记录已读的字节数，到 MAX_DRAIN 就停（recv 最多要 MAX_DRAIN - total），
    这样发送方再快也不能让 drain 一直忙下去。
    """
    listener = _roomy_listener()
    stop = threading.Event()
    with listener, socket.create_connection(listener.getsockname(), timeout=NET) as sender:
        reader, _ = listener.accept()
        with reader:
            first, _, _ = _call("drain(sock) with nothing ready", AT_ONCE, nb.drain, reader)
            assert first == b"", f"drain(sock) with nothing ready returned {first!r}"

            def flood():
                sender.settimeout(0.2)
                offset = 0
                while not stop.is_set():
                    try:
                        offset += sender.send(_pattern(offset, 65536))
                    except TimeoutError:
                        continue
                    except OSError:
                        return

            thread = threading.Thread(target=flood, name="netlab-flood", daemon=True)
            thread.start()
            try:
                queued = _wait_queued(reader, 2 * MIB)
                if queued < 2 * MIB:
                    pytest.skip(f"this kernel queues only {queued} unread bytes on "
                                "loopback (net.core.rmem_max too small for the check)")
                got, offset = [], 0
                for call in (1, 2, 3):
                    what = f"drain(sock), call {call}, while the peer keeps sending"
                    data, wall, _ = _call(what, NET, nb.drain, reader,
                                          hint="stop after 1 MiB per call")
                    assert isinstance(data, bytes), f"{what} returned {data!r}"
                    assert len(data) <= MIB, (
                        f"{what} returned {len(data)} bytes; at most 1 MiB "
                        f"({MIB}) per call, so a peer that keeps sending cannot keep "
                        "drain busy")
                    assert data == _pattern(offset, len(data)), (
                        f"{what} returned {len(data)} bytes that are not the next "
                        f"bytes of the stream (at offset {offset}): bytes were lost "
                        "or repeated")
                    got.append(len(data))
                    offset += len(data)
                assert got[0] == MIB, (
                    f"drain(sock) with {queued} bytes ready (more arriving) returned "
                    f"{got[0]} bytes; expected exactly 1 MiB ({MIB}): read until "
                    "1 MiB or until nothing is ready")
            finally:
                stop.set()
                thread.join(NET)


# ------------------------------------------------------ rules for them all

READERS = {
    "recv_nowait": lambda sock: nb.recv_nowait(sock),
    "recv_with_timeout": lambda sock: nb.recv_with_timeout(sock, 100, 1.0),
    "drain": lambda sock: nb.drain(sock),
}


@pytest.mark.points(2)
@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("name", list(READERS))
def test_reset_raises_connection_reset_error(name, mode):
    """On a reset connection, recv_nowait, recv_with_timeout and drain raise ConnectionResetError and keep the socket's mode.

    Hint: catch only BlockingIOError (or TimeoutError) as "no data":
    `except OSError` also swallows the reset. Restore the mode in `finally`,
    so it is restored when an error escapes too.

    中文: 检查连接被重置时 recv_nowait、recv_with_timeout、drain 抛出 ConnectionResetError，且套接字模式不变。

    提示: 只把 BlockingIOError（或 TimeoutError）当作"没有数据"，写成 except OSError
    会把重置也吞掉；恢复模式要放在 finally 里，异常抛出时也要恢复。
    """
    sock = _reset_socket()
    with sock:
        sock.settimeout(mode)
        what = f"{name} on a {_mode_name(mode)} socket whose peer reset the connection"
        result, _, _ = _call(what, NET, READERS[name], sock)
        assert isinstance(result, ConnectionResetError), (
            f"{what} gave {result!r}; expected ConnectionResetError (a reset is "
            "not 'no data' and not end of stream)")
        _expect_mode(sock, mode, what)


@pytest.mark.parametrize("mode", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("name", ["recv_nowait-data", "recv_nowait-none",
                                  "recv_with_timeout-data", "recv_with_timeout-none",
                                  "drain-data", "drain-none"])
def test_mode_kept_after_success(name, mode):
    """recv_nowait, recv_with_timeout and drain leave the socket's blocking mode and timeout as they were.

    Hint: save sock.gettimeout() before changing anything and call
    sock.settimeout(saved) in `finally`; setblocking(True) after the call
    would turn a timeout of 2.5 s (or a non-blocking socket) into a blocking
    one.

    中文: 检查 recv_nowait、recv_with_timeout、drain 调用之后，套接字的 阻塞 模式和超时保持原样。

    提示: 修改前先保存 sock.gettimeout()，在 finally 里 sock.settimeout(原值)；调用后
    用 setblocking(True) 会把 2.5 秒的超时（或 非阻塞 套接字）变成 阻塞 的。
    """
    function, case = name.split("-")
    a, b = tcp_pair()
    with a, b:
        if case == "data":
            a.sendall(b"data")
            _readable(b, "b'data'")
        b.settimeout(mode)
        timeout = 0.05 if case == "none" else 1.0  # a short wait when nothing comes
        call = {"recv_nowait": lambda: nb.recv_nowait(b),
                "recv_with_timeout": lambda: nb.recv_with_timeout(b, 100, timeout),
                "drain": lambda: nb.drain(b)}[function]
        what = f"{function} on a {_mode_name(mode)} socket with {case} ready"
        _call(what, NET, call)
        _expect_mode(b, mode, what)


WAITERS = ["recv_with_timeout", "accept_with_timeout", "connect_with_timeout"]


@pytest.mark.points(2)
@pytest.mark.parametrize("name", WAITERS)
def test_waits_do_not_burn_cpu(name):
    """A 0.5 s wait in recv_with_timeout, accept_with_timeout and connect_with_timeout uses almost no CPU.

    Hint: let the kernel wait (settimeout, select, poll). A loop that tries
    a non-blocking call again and again until the time is up keeps a CPU at
    100 % doing nothing (busy waiting).

    中文: 检查 recv_with_timeout、accept_with_timeout、connect_with_timeout 等待 0.5 秒时几乎不占 CPU。

    提示: 让内核去等（settimeout、select、poll）；在循环里反复尝试 非阻塞 调用直到超时，
    就是 忙等待，会让一个 CPU 白白跑满。
    """
    with contextlib.ExitStack() as stack:
        if name == "recv_with_timeout":
            a, b = tcp_pair()
            stack.enter_context(a), stack.enter_context(b)
            fn, args = nb.recv_with_timeout, (b, 100, IDLE)
        elif name == "accept_with_timeout":
            listener = stack.enter_context(socket.create_server(("127.0.0.1", 0)))
            fn, args = nb.accept_with_timeout, (listener, IDLE)
        else:
            address = stack.enter_context(_full_listener())
            fn, args = nb.connect_with_timeout, (address, IDLE)
        what = f"{name}(..., {IDLE}) with nothing arriving"
        result, wall, cpu = _call(what, NET, fn, *args)
    assert result is None or isinstance(result, TimeoutError), (
        f"{what} gave {result!r}; expected None (or TimeoutError for connect)")
    assert wall >= IDLE * 0.9, f"{what} returned after {wall:.3f} s, before its timeout"
    assert cpu < CPU_LIMIT, (
        f"{what} used {cpu:.3f} s of CPU during a {wall:.2f} s wait (allowed: "
        f"{CPU_LIMIT} s): it is busy waiting; let the kernel wait (settimeout, "
        "select or poll)")


def _timeout_calls():
    return {
        "recv_with_timeout": lambda sock, t: nb.recv_with_timeout(sock, 100, t),
        "accept_with_timeout": lambda sock, t: nb.accept_with_timeout(sock, t),
        "connect_with_timeout": lambda sock, t: nb.connect_with_timeout(sock.getsockname(), t),
    }


@pytest.mark.parametrize("bad", [0, 0.0, -1.5], ids=["0", "0.0", "negative"])
@pytest.mark.parametrize("name", WAITERS)
def test_timeouts_must_be_positive(name, bad):
    """recv_with_timeout, accept_with_timeout and connect_with_timeout raise ValueError naming a timeout <= 0, touching nothing.

    Hint: check the timeout before using the socket: settimeout(0) would
    mean "non-blocking", not "wait 0 s", and settimeout(-1.5) raises a
    ValueError that does not name the value.

    中文: 检查 timeout <= 0 时三个函数都引发 ValueError 并给出该值，且不改动套接字。

    提示: 在使用套接字之前检查 timeout；settimeout(0) 的意思是 非阻塞，而不是"等 0 秒"，
    settimeout(-1.5) 抛出的 ValueError 也不会给出这个值。
    """
    with contextlib.ExitStack() as stack:
        if name == "recv_with_timeout":
            a, sock = tcp_pair()
            stack.enter_context(a), stack.enter_context(sock)
        else:
            sock = stack.enter_context(socket.create_server(("127.0.0.1", 0)))
        sock.settimeout(2.5)
        what = f"{name}(..., timeout={bad!r})"
        with deadline(NET, what):
            try:
                result = _timeout_calls()[name](sock, bad)
            except ValueError as exc:
                message = str(exc)
            else:
                if isinstance(result, tuple):
                    result[0].close()
                elif isinstance(result, socket.socket):
                    result.close()
                raise AssertionError(f"{what} returned {result!r}; expected ValueError")
        _expect_mode(sock, 2.5, what)
    assert repr(bad) in message, (
        f"{what} raised ValueError({message!r}); the message should name {bad!r}")


@pytest.mark.parametrize("name", WAITERS)
def test_timeouts_must_be_numbers(name):
    """The waiting functions raise TypeError for a timeout that is not a number ("0.3", True).

    Hint: isinstance(timeout, (int, float)) and not a bool; a str compared
    with 0 raises TypeError, but True would quietly mean 1 second.

    中文: 检查 timeout 不是数字（"0.3"、True）时三个函数都引发 TypeError。

    提示: 用 isinstance(timeout, (int, float)) 且排除 bool；字符串和 0 比较会抛 TypeError，
    但 True 会被悄悄当成 1 秒。
    """
    with socket.create_server(("127.0.0.1", 0)) as listener, \
            socket.create_connection(listener.getsockname(), timeout=NET) as client:
        sock = client if name == "recv_with_timeout" else listener
        for bad in ("0.3", True):
            what = f"{name}(..., timeout={bad!r})"
            with deadline(NET, what):
                try:
                    result = _timeout_calls()[name](sock, bad)
                except TypeError:
                    continue
            if isinstance(result, tuple):
                result[0].close()
            elif isinstance(result, socket.socket):
                result.close()
            raise AssertionError(f"{what} returned {result!r}; expected TypeError")
