"""Checks for topic 9, multiplexing: event masks, and echo servers on select and poll.

Oracles: the flag values of the ``select`` module for the masks; for the
servers, the check's own clients (the echo must be the exact bytes sent),
``psutil`` for the server's threads, children, CPU time and context
switches, and ``/proc/<pid>/fd`` for its descriptors. Hypothesis properties
stay pure; every server runs in the sandbox (``serve``).

Clause-to-check map (CURRICULUM.md section 9, and the general rules that
apply to it):

| clause | checks |
|---|---|
| event_names: names of the set flags, sorted alphabetically (``&``) | test_event_names_every_subset |
| event_names: any other bit (POLLRDNORM included) -> ValueError naming the mask | test_event_names_rejects_other_bits |
| event_names: non-int -> TypeError; a bool is not an int here | test_event_names_rejects_non_int |
| event_mask: the inverse (``|``) over any iterable (list, tuple, set, generator), repeats allowed | test_event_mask_any_iterable_round_trips |
| event_mask: unknown or lower-case name -> ValueError naming it | test_event_mask_rejects_unknown_names |
| event_mask: a plain str -> TypeError (also a non-str name, a non-iterable) | test_event_mask_rejects_wrong_types |
| serve_*: an echo server (every byte back, close at EOF) | test_echoes_like_an_echo_server |
| serve_*: serve many clients at once | test_serves_50_interleaved_clients, test_poll_serves_1200_connections |
| serve_*: never block on one client: a silent client delays no one | test_silent_client_does_not_block_others |
| serve_*: never block on one client: unsent data buffered and sent when writable; a flooding client that does not read delays no one; back-pressure allowed; no byte lost on partial writes | test_flooding_client_does_not_block_others |
| serve_*: on EOF finish sending what is buffered, then close | test_finishes_echo_after_client_eof |
| serve_*: close at once on reset or POLLHUP/POLLERR; one client's failure never ends the server | test_survives_clients_that_leave, test_fds_back_to_baseline_every_exit |
| descriptors back to baseline after every way a client leaves: clean close, close without shutdown, never sending, reset (SO_LINGER 0) idle and after sending, leaving mid-echo with and without EOF | test_fds_back_to_baseline_every_exit |
| serve_*: use no CPU while idle (no 0 or short timeout loop, no closed socket left in the set / POLLNVAL spin) | test_idle_server_uses_no_cpu |
| serve_*: single-threaded, single-process | test_one_thread_no_children |
| serve_poll: 1,200 concurrent connections (descriptors above 1024) | test_poll_serves_1200_connections |
| serve_select: refuses (closes) descriptors >= 1024 instead of crashing, keeps serving the others | test_select_refuses_descriptors_over_1024 |
| bad input names the bad value (repr in the message) | test_event_names_rejects_other_bits, test_event_names_rejects_non_int, test_event_mask_rejects_unknown_names, test_event_mask_rejects_wrong_types |
| every wait bounded | every check runs under ``deadline`` or socket timeouts; servers in the sandbox |

Resource limits: the 1,200-connection checks raise the pytest process's
RLIMIT_NOFILE soft limit if it is too low (and restore it), give the server
a matching ``limits=`` and a listener backlog of the same size (HARNESS.md,
"Many connections"). The flooding checks make the server's send buffer
small through the listener (``sockopts=``: accepted sockets inherit it) and
the client's buffers small before it connects, so a few hundred KiB really
fill the pipe (loopback buffers otherwise absorb megabytes).
"""
import contextlib
import os
import random
import resource
import select
import socket
import struct
import time

import pytest
from hypothesis import given, settings, strategies as st

import echo_conformance as echo
from harness import deadline, expect_raises, serve, topic
from harness.sandbox import Limits

mx = topic("multiplexing")

QUICK = 1.0          # seconds for pure code
IO = echo.IO_TIMEOUT  # seconds a client waits for one echo
STALL = 3.0          # seconds without any progress in a bulk transfer
MIB = 1024 * 1024
SMALL_BUFFER = 8192  # server SO_SNDBUF, client SO_RCVBUF in flooding checks (doubled by the kernel)
SMALL_SERVER_BUFFERS = [(socket.SOL_SOCKET, socket.SO_SNDBUF, SMALL_BUFFER)]
SERVERS = pytest.mark.parametrize("name", ["serve_select", "serve_poll"],
                                  ids=["select", "poll"])

# The oracle: the six flags, from the select module itself.
FLAGS = {name: getattr(select, name) for name in
         ("POLLERR", "POLLHUP", "POLLIN", "POLLNVAL", "POLLOUT", "POLLPRI")}
OTHER_BITS = [getattr(select, name) for name in
              ("POLLRDNORM", "POLLRDBAND", "POLLWRNORM", "POLLWRBAND", "POLLMSG",
               "POLLRDHUP") if hasattr(select, name)]


def _mask_of(names) -> int:
    mask = 0
    for name in names:
        mask |= FLAGS[name]
    return mask


ALL = _mask_of(FLAGS)

def _expect_named(exc: BaseException, value, call: str) -> None:
    assert repr(value) in str(exc), (
        f"{call} raised {type(exc).__name__}({str(exc)!r}); the message should "
        f"name the bad value, {value!r}")


# ------------------------------------------------------------- event masks

def test_event_names_every_subset():
    """event_names names exactly the flags set in the mask, sorted, for all 64 masks.

    Hint: test each flag with `mask & flag`, collect the names of those that
    are set, and sort them (sorted(), not the order of the bits).

    中文: 检查 event_names 对 64 种掩码都给出正确、按字母排序的名字。

    提示: 用位运算 mask & flag 判断每个标志位是否被置位，把名字收集起来再
    sorted()；不要按位的顺序返回，也不要漏掉 POLLNVAL 这类平时少见的位。
    """
    names = sorted(FLAGS)
    with deadline(QUICK, "event_names on the 64 masks of the six flags"):
        for bits in range(1 << len(names)):
            chosen = [n for i, n in enumerate(names) if bits >> i & 1]
            mask = _mask_of(chosen)
            got = mx.event_names(mask)
            assert got == chosen and type(got) is list, (
                f"event_names({mask}) (that is {' | '.join(chosen) or '0'}) "
                f"returned {got!r}; expected the list {chosen!r}: the names of "
                "the flags set in the mask (mask & flag), sorted alphabetically")


class OneShot:
    """An iterable that yields its names once, then nothing: a generator's
    behaviour, in a form that crosses to a sealed implementation."""

    def __init__(self, names):
        self.names = list(names)

    def __iter__(self):
        names, self.names = self.names, []
        return iter(names)

    def __repr__(self):
        return f"a generator of {self.names!r}"


CONTAINERS = {"list": list, "tuple": tuple, "set": set, "generator": OneShot}


@settings(max_examples=150)
@given(names=st.lists(st.sampled_from(sorted(FLAGS)), max_size=10),
       kind=st.sampled_from(sorted(CONTAINERS)))
def test_event_mask_any_iterable_round_trips(names, kind):
    """event_mask ORs the named flags from any iterable, and event_names inverts it.

    Hint: start from 0 and `mask |= flag` for each name, iterating only once
    (a generator cannot be read twice); a repeated name must not change the
    result (| is idempotent, + and ^ are not).

    中文: 检查 event_mask 对任意可迭代对象按位或出掩码，event_names 能还原。

    提示: 从 0 开始对每个名字做 mask |= 标志位，只遍历一次（生成器只能读
    一遍，先检查再计算会拿到空的）；名字重复时结果不变，用 + 或 ^ 就错了。
    """
    container = CONTAINERS[kind](names)
    call = f"event_mask({kind} of {names!r})"
    with deadline(QUICK, call):
        got = mx.event_mask(container)
    expected = _mask_of(names)
    assert got == expected and type(got) is int, (
        f"{call} returned {got!r}; expected the int {expected} "
        f"({' | '.join(sorted(set(names))) or '0'})")
    with deadline(QUICK, f"event_names({expected})"):
        back = mx.event_names(got)
    assert back == sorted(set(names)), (
        f"event_names(event_mask({names!r})) returned {back!r}; expected "
        f"{sorted(set(names))!r}")


@settings(max_examples=150)
@given(flags=st.sets(st.sampled_from(sorted(FLAGS))),
       other=st.one_of(st.sampled_from(OTHER_BITS),
                       st.integers(6, 100).map(lambda bit: 1 << bit)
                       .filter(lambda bit: not bit & ALL),
                       st.integers(max_value=-1)))
def test_event_names_rejects_other_bits(flags, other):
    """event_names raises ValueError naming the mask when another bit is set.

    Hint: a mask is valid only if `mask & ~ALL_SIX == 0` and it is not
    negative; silently ignoring POLLRDNORM (64) or a high bit hides a bug in
    the caller.

    中文: 检查掩码里含有六个标志以外的位（如 POLLRDNORM、负数）时抛出 ValueError。

    提示: 只检查认识的位是不够的，要先用 mask & ~六个标志之和 判断有没有
    多余的位（负数的高位全是 1），有就抛 ValueError，消息里写出这个掩码。
    """
    mask = _mask_of(flags) | other if other >= 0 else other
    call = f"event_names({mask})"
    with deadline(QUICK, call):
        exc = expect_raises(ValueError, call, mx.event_names, mask)
    _expect_named(exc, mask, call)


def test_event_names_rejects_non_int():
    """event_names raises TypeError naming the value for a non-int (and for a bool).

    Hint: check `isinstance(mask, int)` first, and refuse bool explicitly:
    True is an int subclass and would pass as POLLIN.

    中文: 检查 event_names 对非整数（包括 bool）抛出 TypeError 并写出该值。

    提示: 先用 isinstance(mask, int) 判断类型，并单独排除 bool（True 是 int
    的子类，会被当成 POLLIN）；不要让 & 运算自己报一个看不出值的错误。
    """
    for value in ("1", 1.0, None, True, False, b"\x01", [1]):
        call = f"event_names({value!r})"
        with deadline(QUICK, call):
            exc = expect_raises(TypeError, call, mx.event_names, value)
        _expect_named(exc, value, call)


def test_event_mask_rejects_unknown_names():
    """event_mask raises ValueError naming an unknown or lower-case flag name.

    Hint: only the six exact upper-case names are flags; do not upper() or
    strip the names, and POLLRDNORM is not one of them.

    中文: 检查 event_mask 遇到未知名字或小写名字时抛出 ValueError 并写出它。

    提示: 只接受六个完全一致的大写名字，不要自作主张地 upper() 或 strip()；
    POLLRDNORM 等其他标志也不在其中。
    """
    for bad in ("pollin", "Pollout", "POLLRDNORM", "IN", "POLLIN ", ""):
        names = ["POLLIN", bad]
        call = f"event_mask({names!r})"
        with deadline(QUICK, call):
            exc = expect_raises(ValueError, call, mx.event_mask, names)
        _expect_named(exc, bad, call)


def test_event_mask_rejects_wrong_types():
    """event_mask raises TypeError for a plain str, a non-str name, a non-iterable.

    Hint: a str is iterable too: `for name in "POLLIN"` gives "P", "O", ...
    Refuse a str (or bytes) before iterating; a name that is not a str is
    a wrong type, not an unknown name.

    中文: 检查 event_mask 对单个字符串、非字符串的名字和不可迭代对象抛出 TypeError。

    提示: 字符串本身也能迭代，for name in "POLLIN" 会得到 "P"、"O"……，所以
    要在遍历之前拒绝 str；名字不是 str（比如直接传了 select.POLLIN）是类型
    错误，不是未知名字。
    """
    cases = [("POLLIN", "POLLIN"), ("", ""), ([select.POLLIN], select.POLLIN),
             (["POLLIN", None], None)]
    for names, named in cases:
        call = f"event_mask({names!r})"
        with deadline(QUICK, call):
            exc = expect_raises(TypeError, call, mx.event_mask, names)
        _expect_named(exc, named, call)
    for names in (5, None):
        call = f"event_mask({names!r})"
        with deadline(QUICK, call):
            expect_raises(TypeError, call, mx.event_mask, names)


# ------------------------------------------------------------- helpers for servers

def _server(name: str, **kwargs):
    return serve(getattr(mx, name), **kwargs)


def _random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _small_client(server, what: str) -> socket.socket:
    """A client with a small receive buffer (set before connecting), non-blocking."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUFFER)
        sock.settimeout(IO)
        sock.connect(server.address)
    except OSError as exc:
        sock.close()
        server.check_alive(what)
        raise AssertionError(f"{what}: connecting failed with {exc!r}") from None
    except BaseException:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def _send_until_stuck(sock, data, sent: int, wait: float = 0.3) -> int:
    """Send without reading until all is sent or the peer stops taking bytes."""
    view = memoryview(data)
    while sent < len(data):
        _, writable, _ = select.select([], [sock], [], wait)
        if not writable:
            break
        try:
            sent += sock.send(view[sent:sent + echo.CHUNK])
        except BlockingIOError:
            pass
    return sent


def _reset_on_close(sock) -> None:
    """SO_LINGER on with timeout 0: close() sends RST instead of FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _ping(server, sock, i: int, what: str) -> None:
    echo.expect_echo(server, sock, b"ping %d;" % i, what)


class _Stream:
    """A non-blocking client's bulk transfer: send ``data``, check the echo."""

    def __init__(self, server, sock, data: bytes, what: str):
        self.server, self.sock, self.data, self.what = server, sock, data, what
        self.sent = self.received = 0

    def receive(self) -> bool:
        """Read what is there and compare it with what was sent; False at EOF."""
        try:
            chunk = self.sock.recv(echo.CHUNK)
        except BlockingIOError:
            return True
        except OSError as exc:
            echo._fail(self.server, self.what, f"after {self.sent} bytes sent and "
                       f"{self.received} echoed, recv failed with {exc!r}")
        if not chunk:
            return False
        start = self.received
        expected = self.data[start:start + len(chunk)]
        if chunk != expected:
            offset = next(i for i, (a, b) in enumerate(zip(chunk, expected + b"\0"))
                          if a != b)
            echo._fail(self.server, self.what, (
                f"the echo differs from what was sent at byte {start + offset} "
                f"(of {len(self.data)}): bytes were lost, repeated or reordered. "
                "When send() takes only part of the data, keep the rest and "
                "send it when the socket is writable again"))
        self.received += len(chunk)
        return True

    def stalled(self) -> None:
        echo._fail(self.server, self.what, (
            f"no progress for {STALL} s: {self.sent} of {len(self.data)} bytes "
            f"sent, {self.received} echoed back. A bug that loses the unsent "
            "part of a partial send, or a server blocked on another client, "
            "looks like this"))

    def finish(self, on_progress=None) -> None:
        """Send the rest while reading the echo, until all of it came back."""
        view = memoryview(self.data)
        while self.received < len(self.data):
            want_write = [self.sock] if self.sent < len(self.data) else []
            readable, writable, _ = select.select([self.sock], want_write, [], STALL)
            if not readable and not writable:
                self.stalled()
            if readable and not self.receive():
                echo._fail(self.server, self.what, (
                    f"the server closed the connection after echoing "
                    f"{self.received} of {len(self.data)} bytes"))
            if writable:
                with contextlib.suppress(BlockingIOError):
                    self.sent += self.sock.send(view[self.sent:self.sent + echo.CHUNK])
            if on_progress:
                on_progress(self)


# ------------------------------------------------------------- serve_select / serve_poll

@SERVERS
def test_echoes_like_an_echo_server(name):
    """The server echoes one client, several messages, 64 KiB, and 20 clients in turn.

    Hint: recv what is there, queue it, send it back; on b'' close the
    client. Keep every socket non-blocking and ask select/poll which ones
    are ready, without a timeout.

    中文: 检查服务端作为回显服务器的基本功能：单个客户端、多条消息、64 KiB、20 个客户端。

    提示: 套接字就绪后 recv 一次，把数据放进缓冲区再发回去；recv 返回 b""
    表示客户端关闭了写端，要关闭这个客户端。所有套接字都设成非阻塞IO，
    select/poll 不要设超时。
    """
    with _server(name) as server:
        with deadline(10, f"{name}: basic echo conversations"):
            echo.check_echo_one_client(server)
            echo.check_echo_interactive(server)
            echo.check_echo_large_payload(server)
            echo.check_echo_sequential_clients(server, 20)


@pytest.mark.points(2)
@SERVERS
def test_serves_50_interleaved_clients(name):
    """The server serves 50 connected clients at once, their messages interleaved.

    Hint: all 50 are connected before anyone is answered: a server that
    serves one client until it leaves answers only the first. Watch the
    listener and every client in the same select/poll call.

    中文: 检查服务端能同时为 50 个已连接的客户端服务，消息交错到达。

    提示: 50 个客户端先全部连上再开始收发，一次只服务一个客户端（直到它离开）
    的服务端只能回应第一个。监听套接字和所有客户端套接字要放在同一次
    select/poll 里监控，这就是 IO多路复用。
    """
    rng = random.Random(50)
    with _server(name) as server, contextlib.ExitStack() as stack:
        with deadline(20, f"{name}: 50 interleaved clients"):
            clients = [stack.enter_context(echo.connect(server, f"client {i + 1} of 50"))
                       for i in range(50)]
            for rnd in range(3):
                messages = [b"round %d client %d; " % (rnd, i) * rng.randint(1, 40)
                            for i in range(50)]
                order = list(range(50))
                rng.shuffle(order)
                for i in order:
                    clients[i].sendall(messages[i])
                for i in reversed(order):
                    what = (f"client {i + 1} of 50 (all connected, each sent "
                            f"a message in round {rnd + 1} before anyone read)")
                    try:
                        got = echo.read_exactly(clients[i], len(messages[i]))
                    except TimeoutError:
                        echo._fail(server, what, (
                            f"its echo did not come within {IO} s; does the "
                            "server serve one client at a time, or block on "
                            "one client's recv or sendall?"))
                    assert got == messages[i], (
                        f"{what}: sent {len(messages[i])} bytes, got back "
                        f"{len(got)} bytes {got[:60]!r}...; expected its own "
                        "bytes (keep one buffer per client)")


@SERVERS
def test_silent_client_does_not_block_others(name):
    """A client that connects and sends nothing does not delay another client's echo.

    Hint: never call recv on a socket that select/poll did not report
    readable, and keep client sockets non-blocking: a blocking recv on the
    silent client freezes the whole server.

    中文: 检查一个连上后什么都不发的客户端不会耽误其他客户端的回显。

    提示: 只对 select/poll 报告可读的套接字调用 recv，而且客户端套接字要设成
    非阻塞IO；在沉默的客户端上阻塞地 recv，整个服务端就卡住了。
    """
    with _server(name) as server:
        with deadline(10, f"{name}: a client while another is silent"):
            with echo.connect(server, "a silent client") as silent:
                what = "a client while another client is connected and silent"
                with echo.connect(server, what) as other:
                    _ping(server, other, 1, what)
                    _ping(server, other, 2, what)
                got = echo.echo_round(server, b"third", "a third client, the silent one still there")
                assert got == b"third", f"a third client got back {got!r}, expected b'third'"
                silent.sendall(b"late")
                rest = echo.read_exactly(silent, 4)
                assert rest == b"late", (
                    f"the silent client finally sent b'late' and got back {rest!r}")


@pytest.mark.points(3)
@SERVERS
def test_flooding_client_does_not_block_others(name):
    """A client sending 4 MiB without reading delays no one, and gets every byte back.

    Hint: never sendall (or block in send) on one client: send what the
    socket takes, keep the rest in that client's buffer, and ask for
    writability only while the buffer is not empty. The unsent part of a
    partial send must be kept, not dropped.

    中文: 检查一个只发不收、发送 4 MiB 的客户端不会耽误别人，而且回显一字节不少。

    提示: 不要对某个客户端 sendall（或阻塞地 send）：send 能发多少就发多少，
    剩下的放进这个客户端的缓冲区，只在缓冲区非空时才关注可写；部分发送后
    没发出去的数据必须保留，不能丢掉。服务端可以暂停读取这个客户端（背压），
    但别的客户端要照常服务。
    """
    data = _random_bytes(4 * MIB, seed=4)
    what = "a client sending 4 MiB with small buffers, reading only when stuck"
    with _server(name, sockopts=SMALL_SERVER_BUFFERS) as server:
        with deadline(30, f"{name}: a flooding client and a pinging one"), \
                contextlib.closing(_small_client(server, what)) as flood, \
                echo.connect(server, "a client pinging during the flood") as other:
            stream = _Stream(server, flood, data, what)
            pings = 0
            # Phase 1: the flooding client only sends, as long as the server
            # takes bytes (it may stop reading it: back-pressure).
            while stream.sent < len(data):
                before = stream.sent
                stream.sent = _send_until_stuck(flood, data, stream.sent)
                pings += 1
                _ping(server, other, pings, (
                    f"a client pinging while another has sent {stream.sent} "
                    "bytes without reading any echo"))
                if stream.sent == before:
                    break  # the server stopped reading the flood: fine
            pings += 1
            _ping(server, other, pings, (
                f"a client pinging while another has sent {stream.sent} bytes "
                "and reads nothing (is the server blocked in sendall?)"))
            # Phase 2: read the echo while sending the rest, pinging now and then.
            marks = {"next": stream.received + MIB // 2, "pings": pings}

            def ping_now_and_then(s):
                if s.received >= marks["next"]:
                    marks["next"] += MIB // 2
                    marks["pings"] += 1
                    _ping(server, other, marks["pings"], (
                        f"a client pinging while another's echo is under way "
                        f"({s.received} of {len(data)} bytes back)"))

            stream.finish(ping_now_and_then)


@pytest.mark.points(2)
@SERVERS
def test_finishes_echo_after_client_eof(name):
    """After a client's EOF the server sends all the echo it still holds, then closes.

    Hint: recv returning b'' means the client will send no more, not that it
    reads no more: keep its buffered echo, keep sending it when writable,
    and close only once the buffer is empty.

    中文: 检查客户端关闭写端（EOF）后，服务端先把缓冲区里欠的回显发完再关闭。

    提示: recv 返回 b"" 只说明客户端不再发送，它还在读；缓冲区里的回显要继续
    在可写时发出去，缓冲区空了才关闭连接。收到 b"" 就立刻关闭会丢数据，
    发完了却忘记关闭，客户端就永远等不到 EOF。
    """
    data = _random_bytes(2 * MIB, seed=11)
    what = "a client that sends 2 MiB, shuts down writing, then reads the rest"
    with _server(name, sockopts=SMALL_SERVER_BUFFERS) as server:
        with deadline(30, f"{name}: echo after the client's EOF"), \
                contextlib.closing(_small_client(server, what)) as sock:
            stream = _Stream(server, sock, data, what)
            view = memoryview(data)
            # Send first, read only when sending is impossible: at the EOF the
            # server still holds echo.
            while stream.sent < len(data):
                readable, writable, _ = select.select([sock], [sock], [], STALL)
                if writable:
                    with contextlib.suppress(BlockingIOError):
                        stream.sent += sock.send(view[stream.sent:stream.sent + echo.CHUNK])
                elif readable:
                    if not stream.receive():
                        echo._fail(server, what, "the server closed the connection early")
                else:
                    stream.stalled()
            sock.shutdown(socket.SHUT_WR)
            held = len(data) - stream.received
            while True:
                readable, _, _ = select.select([sock], [], [], STALL)
                if not readable:
                    echo._fail(server, what, (
                        f"after the client's EOF, {stream.received} of {len(data)} "
                        f"bytes had come back and then nothing for {STALL} s "
                        + ("(all echoed, but the server never closed the "
                           "connection: close once the buffer is empty)"
                           if stream.received == len(data) else
                           "(the rest of the echo never came)")))
                if not stream.receive():
                    break
            assert stream.received == len(data), (
                f"{what}: the server closed after echoing {stream.received} of "
                f"{len(data)} bytes; {held} bytes were still owed when the client "
                "shut down writing: on b'' send what is buffered first, then close")


@pytest.mark.points(2)
@SERVERS
def test_survives_clients_that_leave(name):
    """The server keeps serving after clients reset, or leave without reading their echo.

    Hint: recv and send on a client whose peer has gone raise
    ConnectionResetError or BrokenPipeError. Catch them per client, close
    that client, and go on with the others.

    中文: 检查客户端重置连接、或不读回显就离开后，服务端仍然继续服务。

    提示: 对方已经离开时，recv 和 send 会抛出 ConnectionResetError 或
    BrokenPipeError。要针对单个客户端捕获，关闭这个客户端，然后继续服务
    其他客户端，不能让整个服务端退出。
    """
    with _server(name) as server:
        with deadline(15, f"{name}: clients that reset or leave early"):
            echo.check_survives_reset(server)
            echo.check_survives_unread_echo(server)
            echo.check_survives_client_leaving_early(server)


def _leave_clean(server, what):
    got = echo.echo_round(server, b"bye", what)
    assert got == b"bye", f"{what}: got back {got!r}, expected b'bye'"


def _leave_without_sending(server, what):
    echo.connect(server, what).close()


def _leave_without_shutdown(server, what):
    with echo.connect(server, what) as sock:
        _ping(server, sock, 1, what)


def _leave_by_reset_idle(server, what):
    with echo.connect(server, what) as sock:
        _ping(server, sock, 1, what)
        _reset_on_close(sock)


def _leave_by_reset_after_sending(server, what):
    with echo.connect(server, what) as sock:
        sock.sendall(bytes(100_000))
        _reset_on_close(sock)


def _leave_mid_echo(server, what, shut: bool):
    data = _random_bytes(2 * MIB, seed=7)
    with contextlib.closing(_small_client(server, what)) as sock:
        _send_until_stuck(sock, data, 0)
        readable, _, _ = select.select([sock], [], [], IO)
        if not readable:
            echo._fail(server, what, f"no echo came back within {IO} s")
        if shut:
            sock.shutdown(socket.SHUT_WR)
        # The echo has started and cannot all fit in the small buffers, so
        # the server holds the rest; closing with unread echo sends RST.


EXITS = [
    ("a clean close (send, shut down writing, read the echo, close)", _leave_clean),
    ("a client that connects and closes without sending", _leave_without_sending),
    ("a client that closes after its echo without shutting down", _leave_without_shutdown),
    ("an idle client that resets its connection (SO_LINGER 0)", _leave_by_reset_idle),
    ("a client that sends 100 kB and resets at once", _leave_by_reset_after_sending),
    ("a client that leaves mid-echo, the server still holding echo for it",
     lambda server, what: _leave_mid_echo(server, what, shut=False)),
    ("a client that shuts down writing and leaves mid-echo",
     lambda server, what: _leave_mid_echo(server, what, shut=True)),
]


@pytest.mark.points(2)
@SERVERS
def test_fds_back_to_baseline_every_exit(name):
    """The server's descriptors return to baseline after every way a client can leave.

    Hint: every path that ends a client (EOF with the buffer flushed, reset
    on recv, broken pipe on send, POLLHUP/POLLERR) must unregister it, drop
    it from the map and close its socket.

    中文: 检查客户端无论以哪种方式离开，服务端打开的文件描述符都回到基线。

    提示: 结束一个客户端的每条路径（EOF 且缓冲区已发完、recv 时被重置、send 时
    管道破裂、POLLHUP/POLLERR）都要注销、从 IO地图里删掉并关闭套接字，
    否则文件描述符会越积越多。
    """
    with _server(name, sockopts=SMALL_SERVER_BUFFERS) as server:
        baseline = server.num_fds()
        with deadline(30, f"{name}: clients leaving in every way"):
            for what, leave in EXITS:
                leave(server, what)
                count = server.wait_fds(baseline, timeout=3.0)
                assert count <= baseline, (
                    f"the server had {baseline} open descriptors while idle; after "
                    f"{what}, it still has {count} ({count - baseline} more) "
                    "3 s later: close (and unregister) the client's socket on "
                    "that path too")
                server.check_alive(f"after {what}")
            _leave_clean(server, "a normal client after all those")


def _wait_sleeping(server, timeout: float = 3.0) -> None:
    end = time.monotonic() + timeout
    while server.process.status() != "sleeping" and time.monotonic() < end:
        time.sleep(0.01)


def _idle_usage(proc, seconds: float = 0.5):
    """(CPU seconds, context switches, samples in state running, samples,
    elapsed) of ``proc`` over ``seconds``. A busy loop shows as CPU on a
    quiet machine and as "running" (runnable) samples on a loaded one; a
    loop with a short timeout shows as wake-ups (context switches)."""
    cpu0, switches0 = sum(proc.cpu_times()[:2]), sum(proc.num_ctx_switches())
    started = time.monotonic()
    running = samples = 0
    while time.monotonic() - started < seconds:  # the measuring window
        samples += 1
        running += proc.status() == "running"
        time.sleep(0.01)
    elapsed = time.monotonic() - started
    cpu = sum(proc.cpu_times()[:2]) - cpu0
    wakeups = sum(proc.num_ctx_switches()) - switches0
    return cpu, wakeups, running, samples, elapsed


@pytest.mark.points(2)
@SERVERS
def test_idle_server_uses_no_cpu(name):
    """An idle server, after clients came and went, sleeps: no CPU, no wake-ups.

    Hint: call select/poll without a timeout (a 0 or 1 ms timeout in a loop
    is a busy-wait), ask for writability only when you have something to
    send, and unregister/remove a socket before closing it (a closed
    descriptor comes back as POLLNVAL forever).

    中文: 检查客户端来过又走后，空闲的服务端在睡眠：不占 CPU，也不频繁醒来。

    提示: select/poll 不要设超时（循环里超时为 0 或 1 毫秒就是忙等）；只在有
    数据要发时才关注可写；关闭套接字之前先从监控列表里删掉/unregister，
    已关闭的描述符会一直以 POLLNVAL 返回，让循环空转。
    """
    with _server(name) as server:
        baseline = server.num_fds()
        with deadline(15, f"{name}: clients, then an idle server"):
            _leave_clean(server, "a clean client")
            _leave_by_reset_idle(server, "a client that resets")
            with echo.connect(server, "a client that half-closes") as sock:
                _ping(server, sock, 1, "a client that half-closes")
                sock.shutdown(socket.SHUT_WR)
                echo.read_until_eof(sock)
            with echo.connect(server, "a client that stays connected") as stays:
                _ping(server, stays, 1, "a client that stays connected")
                server.wait_fds(baseline + 1, timeout=3.0)
                _wait_sleeping(server)
                cpu, wakeups, running, samples, elapsed = _idle_usage(server.process)
                server.check_alive("while idle")
        assert cpu <= 0.05 and wakeups <= 20 and running <= samples // 4, (
            f"with one client connected and silent and nobody else, the server "
            f"used {cpu:.2f} s of CPU, woke up {wakeups} times and was running "
            f"(not sleeping) in {running} of {samples} looks, in {elapsed:.2f} "
            "s; an idle server sleeps in select/poll (no timeout). Likely "
            "causes: a 0 or tiny timeout in a loop, asking for writability "
            "with nothing to send, or a closed socket left in the set "
            "(POLLNVAL)")


@SERVERS
def test_one_thread_no_children(name):
    """The server serves several clients with one thread and no child processes.

    Hint: multiplexing replaces threads and fork: one loop around
    select/poll serves everyone. No threading, no os.fork, no
    multiprocessing.

    中文: 检查服务端同时服务多个客户端时只有一个线程、没有子进程。

    提示: IO多路复用就是用一个 select/poll 循环代替多线程和多进程，不要用
    threading、os.fork 或 multiprocessing 为每个客户端开线程或子进程。
    """
    with _server(name) as server, contextlib.ExitStack() as stack:
        with deadline(10, f"{name}: five clients at once"):
            clients = [stack.enter_context(echo.connect(server, f"client {i + 1} of 5"))
                       for i in range(5)]
            for i, sock in enumerate(clients):
                _ping(server, sock, i, f"client {i + 1} of 5 (all connected)")
            threads, children = server.process.num_threads(), server.children()
        assert threads == 1 and not children, (
            f"while serving 5 clients the server process had {threads} thread(s) "
            f"and {len(children)} child process(es); expected 1 and 0: one "
            "select/poll loop serves every client")


@contextlib.contextmanager
def _open_files_at_least(n: int):
    """Raise this process's RLIMIT_NOFILE soft limit to ``n`` if lower; restore it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < n:
        pytest.skip(f"needs {n} open files, the hard limit here is {hard}")
    if soft != resource.RLIM_INFINITY and soft < n:
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def _many(name: str, n: int):
    """A server ready for ``n`` concurrent clients (backlog, open files)."""
    return _server(name, backlog=n + 100, limits=Limits(open_files=n + 400))


def _connect_many(server, stack, n: int) -> list:
    clients = []
    for i in range(n):
        clients.append(stack.enter_context(echo.connect(
            server, f"client {i + 1} of {n} (all staying connected)")))
    return clients


@pytest.mark.points(3)
def test_poll_serves_1200_connections():
    """serve_poll echoes 1,200 concurrent clients (descriptors above 1024).

    Hint: poll has no FD_SETSIZE limit, select does: serve_poll must use
    select.poll() (register/modify/unregister and a {fileno: socket} map),
    never select.select.

    中文: 检查 serve_poll 能同时服务 1200 个连接（文件描述符超过 1024）。

    提示: select 只能监控小于 1024 的文件描述符，poll 没有这个限制。serve_poll
    必须用 select.poll()（register/modify/unregister 加上 IO地图
    {fileno: 套接字}），不能偷偷用 select.select。
    """
    n = 1200
    with _open_files_at_least(n + 300), _many("serve_poll", n) as server:
        baseline = server.num_fds()
        with contextlib.ExitStack() as stack, deadline(40, f"serve_poll with {n} clients"):
            clients = _connect_many(server, stack, n)
            for i, sock in enumerate(clients):
                sock.sendall(b"client %d;" % i)
            for i, sock in enumerate(clients):
                message = b"client %d;" % i
                what = f"client {i + 1} of {n} (all connected at once)"
                try:
                    got = echo.read_exactly(sock, len(message))
                except TimeoutError:
                    echo._fail(server, what, f"no echo within {IO} s")
                except OSError as exc:
                    echo._fail(server, what, f"reading the echo failed with {exc!r}")
                assert got == message, (
                    f"{what}: sent {message!r}, got back {got!r}"
                    + ("; the server closed this connection: its descriptor "
                       "was probably above 1024, where select cannot go"
                       if not got else ""))
            held = server.num_fds()
            assert held >= n, (
                f"with {n} clients connected and answered, the server holds only "
                f"{held} descriptors")
        count = server.wait_fds(baseline, timeout=10.0)
        assert count <= baseline, (
            f"after {n} clients closed, serve_poll still has {count} open "
            f"descriptors (baseline {baseline})")


def _slots_below_fd_setsize(pid: int) -> int:
    """How many descriptors below 1024 are free in process ``pid``."""
    used = sum(1 for fd in os.listdir(f"/proc/{pid}/fd") if int(fd) < 1024)
    return 1024 - used


@pytest.mark.points(2)
def test_select_refuses_descriptors_over_1024():
    """serve_select closes connections it cannot watch (fd >= 1024) and serves the rest.

    Hint: select.select raises ValueError for a descriptor >= 1024
    (FD_SETSIZE). Check conn.fileno() after accept and close such a
    connection at once; never put it in the lists.

    中文: 检查 serve_select 遇到 >= 1024 的文件描述符时关闭这个连接，继续服务其他客户端。

    提示: select.select 遇到 >= 1024 的文件描述符会抛出 ValueError，整个服务端
    就崩了。accept 之后检查 conn.fileno()，太大就立刻关闭（拒绝），不要
    放进 select 的列表，其他客户端照常服务。
    """
    n = 1100
    with _open_files_at_least(n + 300), _many("serve_select", n) as server:
        baseline = server.num_fds()
        free = _slots_below_fd_setsize(server.pid)
        with contextlib.ExitStack() as stack, deadline(40, f"serve_select with {n} clients"):
            clients = _connect_many(server, stack, n)
            for i, sock in enumerate(clients):
                with contextlib.suppress(OSError):  # a refused one may be reset already
                    sock.sendall(b"client %d;" % i)
            served, refused = [], []
            for i, sock in enumerate(clients):
                message = b"client %d;" % i
                what = (f"client {i + 1} of {n} (the server had {free} free "
                        "descriptors below 1024)")
                try:
                    got = echo.read_exactly(sock, len(message))
                except TimeoutError:
                    echo._fail(server, what, (
                        f"got neither its echo nor a close within {IO} s: a "
                        "connection select cannot watch must be closed at once"))
                except ConnectionResetError:
                    got = b""
                if got == message:
                    served.append(i)
                elif got == b"":
                    refused.append(i)
                else:
                    raise AssertionError(f"{what}: sent {message!r}, got back {got!r}")
            server.check_alive(f"after {n} clients connected")
            assert refused, (
                f"all {n} clients were served, but the server had only {free} "
                "descriptors below 1024 free; is this really select.select?")
            assert len(served) >= free - 16, (  # slack: descriptors of its own
                f"serve_select served {len(served)} of {n} clients and closed "
                f"{len(refused)}, but {free} descriptors below 1024 were free: "
                "refuse only what select cannot watch (fileno() >= 1024)")
            for i in (served[0], served[-1]):
                _ping(server, clients[i], i, (
                    f"client {i + 1} (served) after {len(refused)} others were refused"))
        count = server.wait_fds(baseline, timeout=10.0)
        assert count <= baseline, (
            f"after {n} clients closed, serve_select still has {count} open "
            f"descriptors (baseline {baseline})")
        _leave_clean(server, "a new client after the refused ones")
