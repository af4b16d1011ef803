"""Checks for topic 5, udp: datagrams, an echo server, a client with timeout and retry.

The peers of `udp_request` are the checks' own: `UdpPeer`, a UDP server in a
thread that counts the datagrams it gets, drops the first k (a lossy link),
answers the rest, and can send "spoofed" replies from other sockets (another
port, another IP of the loopback net). `serve_udp_echo` runs in the sandbox
(`serve(..., kind="udp")`) and is driven by plain UDP sockets of the checks.

Clause-to-check map (CURRICULUM.md section 5 and the general rules):

| clause | checks |
|---|---|
| MAX_DATAGRAM = 65507 (given) | test_udp_request_max_datagram_round_trip |
| serve_udp_echo: recvfrom each datagram, sendto the same bytes back to its sender, forever | test_serve_udp_echo_echoes_to_sender, test_serve_udp_echo_many_datagrams |
| serve_udp_echo: up to 65535 bytes (no truncation) | test_serve_udp_echo_empty_and_largest_datagrams |
| serve_udp_echo: empty datagrams echoed too | test_serve_udp_echo_empty_and_largest_datagrams |
| datagram boundaries preserved (three sends, three replies) | test_serve_udp_echo_keeps_boundaries, test_udp_request_returns_one_datagram |
| several clients interleaved on one server | test_serve_udp_echo_interleaved_clients |
| udp_request: sendto, wait up to timeout for a datagram from address | test_udp_request_returns_the_reply, test_udp_request_reply_after_spoofs |
| zero-length and 65507-byte datagrams | test_udp_request_empty_payload_and_reply, test_udp_request_max_datagram_round_trip |
| datagrams from another address are ignored (other port, other IP) | test_udp_request_reply_after_spoofs |
| ... and do not restart the wait | test_udp_request_spoofs_do_not_restart_the_wait |
| on timeout send again: a lossy link dropping k = 1, 2 succeeds with exactly k+1 sends | test_udp_request_retries_over_lossy_link |
| no reply: exactly retries + 1 sends, then TimeoutError after about (retries+1)*timeout | test_udp_request_gives_up_after_retries_plus_one_sends |
| timeout bounds every wait (no unbounded recvfrom) | test_udp_request_gives_up_after_retries_plus_one_sends, test_udp_request_retries_over_lossy_link, test_udp_request_spoofs_do_not_restart_the_wait |
| the socket stays unconnected: ICMP port unreachable is no ConnectionRefusedError | test_udp_request_ignores_port_unreachable |
| payload > MAX_DATAGRAM -> ValueError giving the length | test_udp_request_rejects_oversized_payload |
| timeout <= 0, retries < 0 -> ValueError naming the value; wrong type -> TypeError | test_udp_request_rejects_bad_timeout_and_retries, test_udp_request_rejects_non_int_retries |
| the socket is closed in every case (reply, timeout, ValueError) | test_udp_request_closes_its_socket |
| a server runs in the sandbox; sockets 127.0.0.1 port 0 only | every serve_udp_echo check |
"""
import contextlib
import random
import select
import socket
import threading
import time

import pytest

from harness import deadline, serve, topic
from socket_watch import SocketWatch

udp = topic("udp")

MAX_DATAGRAM = 65507   # the contract's value, not read from the implementation
NET = 3.0              # seconds for a call that should answer at once on loopback
REPLY = 2.0            # seconds a check waits for one echo (less than NET: the
                       # server's own fate is reported, not the deadline)
SLACK = 1.5            # seconds a loaded machine may add to an expected wait
TIMEOUT = 0.2          # per-attempt timeout of the retry checks
SPOOF = b"spoofed reply"


def _token(seed: int, size: int = 24) -> bytes:
    """A payload no other check sends (so a stray datagram cannot be counted)."""
    return random.Random(seed).randbytes(size)


def _reply_for(data: bytes) -> bytes:
    """The check peer's answer: recognisably not the request itself."""
    return data[::-1] if len(data) > 100 else b"re: " + data


def _short(data: bytes) -> str:
    return repr(data) if len(data) <= 40 else f"<{len(data)} bytes>"


def _udp_socket(host: str = "127.0.0.1") -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((host, 0))
    return sock


class UdpPeer:
    """A UDP server for the checks, in a thread, on 127.0.0.1 port 0.

    It counts the datagrams it receives (`received`), drops the first
    `drop` of them (a lossy link), and answers each other one with
    `answer(data)` (a list of datagrams; None: never answer). Before an
    answer it sends SPOOF from each socket of `spoof_from` (other
    addresses). With `spoof_every`, once a request has arrived it keeps
    sending SPOOF from a socket on another port every `spoof_every` seconds
    (for at most `spoof_for` seconds). `sync()` returns once every datagram
    sent to it before the call has been counted.
    """

    def __init__(self, drop: int = 0, answer=lambda data: [_reply_for(data)],
                 spoof_from=(), spoof_every: float | None = None,
                 spoof_for: float = 4.0):
        self.drop, self.answer = drop, answer
        self.spoof_from = list(spoof_from)
        self.spoof_every, self.spoof_for = spoof_every, spoof_for
        self.received: list[bytes] = []
        self.clients: list[tuple] = []
        self.spoofs_sent = 0
        self.sock = _udp_socket()
        self.address = self.sock.getsockname()
        self._flooder = _udp_socket() if spoof_every else None
        self._control = _udp_socket()
        self._synced = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._run, name="netlab-udp-peer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        control = self._control.getsockname()
        client, flood_end, next_spoof = None, None, None
        while True:
            wait = None
            if next_spoof is not None:
                wait = max(0.0, next_spoof - time.monotonic())
            ready, _, _ = select.select([self.sock, self._wake_r], [], [], wait)
            if self._wake_r in ready:
                return
            if self.sock in ready:
                data, sender = self.sock.recvfrom(65535)
                if sender == control:
                    self._synced.set()
                    continue
                self.received.append(data)
                self.clients.append(sender)
                client = sender
                if self._flooder and flood_end is None:
                    flood_end = time.monotonic() + self.spoof_for
                    next_spoof = time.monotonic()
                if len(self.received) > self.drop and self.answer is not None:
                    for other in self.spoof_from:
                        other.sendto(SPOOF, sender)
                    for reply in self.answer(data):
                        self.sock.sendto(reply, sender)
            now = time.monotonic()
            if next_spoof is not None and now >= next_spoof:
                if now >= flood_end:
                    next_spoof = None
                else:
                    self._flooder.sendto(SPOOF, client)
                    self.spoofs_sent += 1
                    next_spoof = now + self.spoof_every

    def sync(self) -> None:
        """Wait until the peer has handled everything sent to it so far."""
        self._synced.clear()
        self._control.sendto(b"sync", self.address)
        if not self._synced.wait(NET):
            raise AssertionError("the checks' UDP peer did not answer a sync "
                                 "datagram within 3 s (machine overloaded?)")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        self._thread.join(NET)
        for sock in [self.sock, self._control, self._wake_r, self._wake_w,
                     *self.spoof_from, *filter(None, [self._flooder])]:
            sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _request(address, payload: bytes, timeout: float, retries: int, allowed: float):
    """udp_request under a deadline; returns (result or exception, seconds)."""
    call = (f"udp_request({address!r}, {_short(payload)}, timeout={timeout}, "
            f"retries={retries})")
    start = time.monotonic()
    with deadline(allowed, call, "every wait for a reply must be bounded by timeout "
                  "(settimeout, or select with the time that is left)"):
        try:
            result = udp.udp_request(address, payload, timeout=timeout, retries=retries)
        except (TimeoutError, ConnectionError) as exc:
            result = exc
    return result, time.monotonic() - start, call


def _exchange(sock, server, payload: bytes, what: str) -> bytes:
    """Send `payload` to the server from `sock`; the reply, from the server's address."""
    sock.sendto(payload, server.address)
    return _reply(sock, server, what)


def _reply(sock, server, what: str) -> bytes:
    sock.settimeout(REPLY)
    try:
        data, sender = sock.recvfrom(65535)
    except TimeoutError:
        server.check_alive(what)
        raise AssertionError(
            f"{what}: no datagram came back within {REPLY} s; the server must "
            "sendto the same bytes back to the address recvfrom gave it") from None
    assert sender == server.address, (
        f"{what}: the reply came from {sender!r}, expected the server's own "
        f"address {server.address!r}: answer with the socket you received on")
    return data


# ------------------------------------------------------------ serve_udp_echo

def test_serve_udp_echo_echoes_to_sender():
    """serve_udp_echo sends each datagram back to the address it came from.

    Hint: recvfrom returns (data, address); sendto(data, address) answers
    that sender. There is no accept and no listen in UDP.

    中文: 检查 serve_udp_echo 把收到的数据报原样发回给发送方。

    提示: recvfrom 返回 (数据, 地址)，用 sendto(数据, 地址) 回给这个地址即可；UDP
    服务端没有 listen 和 accept，绑定之后直接收发。
    """
    with serve(udp.serve_udp_echo, kind="udp") as server:
        with _udp_socket() as client:
            for i, payload in enumerate([b"hello, udp", b"and again"]):
                with deadline(NET, f"datagram {i + 1} to serve_udp_echo"):
                    got = _exchange(client, server, payload, f"datagram {i + 1} of 2")
                assert got == payload, (
                    f"sent {payload!r} to serve_udp_echo and got back {got!r}; "
                    "expected the same bytes")


@pytest.mark.points(2)
def test_serve_udp_echo_empty_and_largest_datagrams():
    """serve_udp_echo echoes a zero-length datagram and a 65507-byte one whole.

    Hint: recvfrom(1024) silently drops the rest of a bigger datagram: ask
    for 65535. And b'' is a real datagram in UDP, not end of stream: echo it
    too, do not stop or skip it.

    中文: 检查 serve_udp_echo 能回显空数据报和 65507 字节的最大数据报。

    提示: recvfrom(1024) 会把超出缓冲区的部分直接丢掉，要用 65535 去收。UDP 里
    b'' 是一个真实的空数据报，不是 TCP 那样的"对端关闭"，不能 break 也不能跳过。
    """
    big = _token(7, MAX_DATAGRAM)
    with serve(udp.serve_udp_echo, kind="udp") as server:
        with _udp_socket() as client:
            for payload in (b"", big, b"after"):
                with deadline(NET, f"a {len(payload)}-byte datagram to serve_udp_echo"):
                    got = _exchange(client, server, payload,
                                    f"a {len(payload)}-byte datagram")
                assert got == payload, (
                    f"sent a {len(payload)}-byte datagram to serve_udp_echo and "
                    f"got back {len(got)} bytes"
                    f"{' (different ones)' if len(got) == len(payload) else ''}; "
                    + ("recvfrom(n) keeps only n bytes of a datagram: ask for 65535"
                       if len(got) < len(payload) else "expected the same bytes"))


def test_serve_udp_echo_keeps_boundaries():
    """Three datagrams sent back to back come back as three datagrams, each exact.

    Hint: one recvfrom is one datagram; echo each one with its own sendto,
    never join or split them.

    中文: 检查连续发送的三个数据报被原样回显成三个数据报，边界不变。

    提示: 一次 recvfrom 正好是一个数据报，每个数据报用一次 sendto 发回；UDP 有
    边界，不会出现 粘包，也不要自己拼接或拆分。
    """
    payloads = [b"one", _token(1, 1000), b"3"]
    with serve(udp.serve_udp_echo, kind="udp") as server:
        with _udp_socket() as client:
            with deadline(NET, "three datagrams to serve_udp_echo"):
                for payload in payloads:
                    client.sendto(payload, server.address)
                got = [_reply(client, server, f"reply {i + 1} of 3") for i in range(3)]
    assert sorted(got) == sorted(payloads), (
        f"sent three datagrams of {[len(p) for p in payloads]} bytes before "
        f"reading; got back datagrams of {[len(g) for g in got]} bytes; expected "
        "each one back whole, one reply per datagram")


def test_serve_udp_echo_interleaved_clients():
    """serve_udp_echo answers five clients whose datagrams interleave, each its own.

    Hint: UDP has no connections: every datagram carries its sender's
    address. Answer each one to the address recvfrom returned with it, not
    to the first client you saw.

    中文: 检查五个客户端交替发送时，每个客户端都只收到自己的回显。

    提示: UDP 没有连接，每个数据报都带着发送方地址；要回给这一次 recvfrom 得到的
    地址，而不是记住的第一个客户端。
    """
    with serve(udp.serve_udp_echo, kind="udp") as server:
        clients = [_udp_socket() for _ in range(5)]
        try:
            with deadline(2 * NET, "five interleaved clients of serve_udp_echo"):
                for round_ in range(3):
                    for i, client in enumerate(clients):
                        client.sendto(f"client {i} round {round_}".encode(), server.address)
                    for i, client in enumerate(clients):
                        what = f"client {i} of 5, round {round_ + 1} of 3"
                        got = _reply(client, server, what)
                        want = f"client {i} round {round_}".encode()
                        assert got == want, (
                            f"{what}: five clients each sent one datagram, then "
                            f"each read one; client {i} got {got!r}, expected "
                            f"{want!r}: send every echo to the address its "
                            "datagram came from")
        finally:
            for client in clients:
                client.close()


def test_serve_udp_echo_many_datagrams():
    """serve_udp_echo keeps serving: 200 datagrams from one client, in turn.

    Hint: the server is `while True:` around recvfrom and sendto; it never
    returns on its own.

    中文: 检查 serve_udp_echo 连续处理 200 个数据报，一直在服务。

    提示: 服务端就是 while True 循环里的 recvfrom 和 sendto，不能处理一个就返回。
    """
    with serve(udp.serve_udp_echo, kind="udp") as server:
        with _udp_socket() as client:
            with deadline(2 * NET, "200 datagrams to serve_udp_echo, one after another"):
                for i in range(200):
                    payload = b"datagram %d" % i
                    got = _exchange(client, server, payload, f"datagram {i + 1} of 200")
                    assert got == payload, (
                        f"datagram {i + 1} of 200: sent {payload!r}, got back {got!r}")
        server.check_alive("after 200 datagrams")


# --------------------------------------------------------------- udp_request

def test_udp_request_returns_the_reply():
    """udp_request sends the payload once and returns the server's reply.

    Hint: sendto(payload, address), then recvfrom: return the data, not the
    (data, address) pair and not the payload.

    中文: 检查 udp_request 发送一次并返回服务端的回复。

    提示: 先 sendto(payload, address)，再 recvfrom；返回收到的数据本身，不是
    (数据, 地址) 元组，也不是自己发出的 payload。
    """
    payload = _token(11)
    with UdpPeer() as peer:
        result, _, call = _request(peer.address, payload, 1.0, 3, NET)
        peer.sync()
    assert result == _reply_for(payload), (
        f"{call} against a server that answers {_short(_reply_for(payload))} "
        f"returned {result!r}; expected the reply datagram")
    assert peer.received == [payload], (
        f"{call}: the server received {len(peer.received)} datagram(s) "
        f"{[_short(d) for d in peer.received]}; expected the payload once")


def test_udp_request_empty_payload_and_reply():
    """udp_request sends a zero-length datagram and returns a zero-length reply.

    Hint: b'' is a real datagram in UDP: an empty reply is a reply (return
    b''), not "nothing came" and not end of stream.

    中文: 检查 udp_request 能发送空数据报，并把空回复 b'' 返回。

    提示: UDP 的 b'' 是一个真实的数据报；收到空回复就返回 b''，不要当成"没收到"
    继续等，也不要当成连接关闭。
    """
    with UdpPeer(answer=lambda data: [b""]) as peer:
        result, seconds, call = _request(peer.address, b"", 1.0, 0, NET)
        peer.sync()
    assert peer.received == [b""], (
        f"{call}: the server received {peer.received!r}; expected one empty datagram")
    assert result == b"" and type(result) is bytes, (
        f"{call} against a server that answers with an empty datagram returned "
        f"{result!r} after {seconds:.2f} s; expected b'' at once: an empty "
        "datagram is a reply")


@pytest.mark.points(2)
def test_udp_request_max_datagram_round_trip():
    """udp_request sends 65507 bytes and returns a 65507-byte reply whole.

    Hint: 65507 is the largest IPv4 UDP payload and is allowed; receive with
    recvfrom(65535), since recvfrom(1024) silently truncates the reply.

    中文: 检查 udp_request 能发送 65507 字节并完整收到 65507 字节的回复。

    提示: 65507 是 IPv4 下 UDP 最大载荷，必须允许；接收要用 recvfrom(65535)，
    缓冲区 太小（如 1024）时多出的部分会被悄悄截掉。
    """
    payload = _token(12, MAX_DATAGRAM)
    with UdpPeer() as peer:
        result, _, call = _request(peer.address, payload, 1.0, 0, NET)
        peer.sync()
    call = f"udp_request(address, <{MAX_DATAGRAM} bytes>, timeout=1.0, retries=0)"
    if isinstance(result, BaseException):
        raise AssertionError(f"{call} raised {result!r}; expected the 65507-byte reply")
    assert peer.received == [payload], (
        f"{call}: the server received datagrams of "
        f"{[len(d) for d in peer.received]} bytes; expected one of {MAX_DATAGRAM}")
    assert result == payload[::-1], (
        f"{call} returned {len(result)} bytes"
        f"{' (different ones)' if len(result) == MAX_DATAGRAM else ''}; expected the "
        f"{MAX_DATAGRAM}-byte reply: recvfrom(n) keeps only n bytes, ask for 65535")


def test_udp_request_returns_one_datagram():
    """udp_request returns exactly the first reply datagram when two arrive.

    Hint: one recvfrom returns one datagram: return it as it is; do not read
    on and join.

    中文: 检查服务端连回两个数据报时，udp_request 只返回第一个，完整不变。

    提示: 一次 recvfrom 就是一个数据报，直接返回它，不要继续读再拼起来。
    """
    payload = _token(13)
    with UdpPeer(answer=lambda data: [b"first", b"second"]) as peer:
        result, _, call = _request(peer.address, payload, 1.0, 0, NET)
    assert result == b"first", (
        f"{call} against a server that answers with two datagrams b'first' and "
        f"b'second' returned {result!r}; expected b'first': one datagram is one reply")


@pytest.mark.points(2)
@pytest.mark.parametrize("drop", [1, 2])
def test_udp_request_retries_over_lossy_link(drop):
    """Over a link that loses the first k requests, udp_request succeeds with k+1 sends.

    Hint: when timeout passes without a reply, send the payload again and
    wait again: a loop of at most retries + 1 attempts, each with its own
    bounded wait.

    中文: 检查链路丢掉前 k 个请求时，udp_request 正好发送 k+1 次后成功。

    提示: UDP 不可靠，超时没收到回复就重发再等；最多 retries + 1 次，每次等待都要
    有 超时，不能无限阻塞。
    """
    payload = _token(20 + drop)
    with UdpPeer(drop=drop) as peer:
        result, seconds, call = _request(peer.address, payload, TIMEOUT, 3,
                                         4 * TIMEOUT + 2 * SLACK)
        peer.sync()
    sends = len(peer.received)
    if isinstance(result, BaseException):
        raise AssertionError(
            f"{call} over a link that drops the first {drop} datagram(s) raised "
            f"{result!r} after {sends} send(s) and {seconds:.2f} s; expected the "
            f"reply after {drop + 1} sends: resend after each timeout")
    assert result == _reply_for(payload), f"{call} returned {result!r}, expected the reply"
    assert sends == drop + 1, (
        f"{call} over a link that drops the first {drop} datagram(s) sent "
        f"{sends} datagram(s); expected exactly {drop + 1}: one send, then one "
        "more after each timeout, and none after the reply")
    assert all(d == payload for d in peer.received), (
        f"{call}: a resend carried different bytes than the payload")


@pytest.mark.points(2)
@pytest.mark.parametrize("retries", [0, 2])
def test_udp_request_gives_up_after_retries_plus_one_sends(retries):
    """Without any reply, udp_request sends retries+1 times, then raises TimeoutError.

    Hint: retries counts the sends AFTER the first: range(retries + 1)
    attempts, each waiting timeout seconds, so about (retries + 1) * timeout
    in all. Raise the built-in TimeoutError at the end.

    中文: 检查一直没有回复时，udp_request 发送 retries+1 次后抛出 TimeoutError。

    提示: retries 是第一次之后的重发次数，一共 retries + 1 次，每次等 timeout 秒，
    总共大约 (retries + 1) * timeout；最后抛内置的 TimeoutError。
    """
    payload = _token(30 + retries)
    expected = (retries + 1) * TIMEOUT
    with UdpPeer(drop=retries + 1) as peer:
        result, seconds, call = _request(peer.address, payload, TIMEOUT, retries,
                                         expected + 2 * SLACK)
        peer.sync()
    sends = len(peer.received)
    assert isinstance(result, TimeoutError), (
        f"{call} against a server that never answers returned {result!r} after "
        f"{sends} send(s); expected the built-in TimeoutError after {retries + 1} sends")
    assert sends == retries + 1, (
        f"{call} against a server that never answers sent {sends} datagram(s) "
        f"before raising TimeoutError; expected exactly retries + 1 = {retries + 1}")
    assert 0.9 * expected <= seconds <= expected + SLACK, (
        f"{call} against a server that never answers raised TimeoutError after "
        f"{seconds:.2f} s; expected about (retries + 1) * timeout = {expected:.1f} s "
        f"(accepted: {0.9 * expected:.2f} to {expected + SLACK:.1f} s): each attempt "
        "waits the full timeout")


@pytest.mark.points(2)
@pytest.mark.parametrize("spoofer", ["other-port", "other-ip"])
def test_udp_request_reply_after_spoofs(spoofer):
    """udp_request ignores a datagram from another address and returns the server's reply.

    Hint: anyone can send to your port. Compare the address recvfrom gives
    with the server's (IP and port both), drop what does not match, and keep
    waiting.

    中文: 检查 udp_request 忽略来自其他地址的数据报，只返回服务端的回复。

    提示: 任何人都能往你的端口发数据报；要把 recvfrom 得到的地址和服务端地址比较，
    IP 和端口都要相同，不符合的丢掉，继续等。
    """
    payload = _token(40)
    with contextlib.ExitStack() as stack:
        if spoofer == "other-port":
            spoof = stack.enter_context(_udp_socket())
        else:
            spoof = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            stack.enter_context(spoof)
        peer = stack.enter_context(UdpPeer(spoof_from=[spoof]))
        if spoofer == "other-ip":  # 127.0.0.2, the server's own port
            spoof.bind(("127.0.0.2", peer.address[1]))
        result, _, call = _request(peer.address, payload, 1.0, 0, NET)
        spoof_address = spoof.getsockname()
    assert result == _reply_for(payload), (
        f"{call}: a datagram {SPOOF!r} from {spoof_address!r} arrived first, then "
        f"the reply from the server {peer.address!r}; udp_request returned "
        f"{result!r}, expected the server's reply: accept only datagrams whose "
        "sender (IP and port) equals address")


@pytest.mark.points(2)
def test_udp_request_spoofs_do_not_restart_the_wait():
    """Datagrams from another port every 50 ms neither end nor extend udp_request's wait.

    Hint: keep one deadline per attempt (time.monotonic() + timeout) and
    wait only for what is left of it after dropping a stranger's datagram;
    settimeout(timeout) again before each recvfrom restarts the clock, so a
    steady stream of strangers keeps you waiting for ever.

    中文: 检查每 50 毫秒一个来自其他端口的数据报，既不结束也不延长 udp_request 的等待。

    提示: 每次尝试只定一个截止时间 (time.monotonic() + timeout)，丢掉陌生数据报后只等
    剩下的时间；如果每次 recvfrom 前都重新 settimeout(timeout)，源源不断的干扰数据
    会让你一直阻塞下去。
    """
    payload = _token(41)
    timeout = 0.5
    with UdpPeer(answer=None, spoof_every=0.05) as peer:
        result, seconds, call = _request(peer.address, payload, timeout, 0,
                                         timeout + 2 * SLACK)
        spoofs = peer.spoofs_sent
    assert isinstance(result, TimeoutError), (
        f"{call} against a server that never answers, while another port sent "
        f"{SPOOF!r} every 50 ms, returned {result!r}; expected TimeoutError: "
        "those datagrams are not from address")
    assert seconds <= timeout + SLACK, (
        f"{call}: while another port sent a datagram every 50 ms ({spoofs} in "
        f"all), TimeoutError came after {seconds:.2f} s; expected about "
        f"{timeout} s: a stranger's datagram must not restart the wait")


def test_udp_request_ignores_port_unreachable():
    """udp_request to a port nobody receives on raises TimeoutError, not ConnectionRefusedError.

    Hint: keep the socket unconnected (sendto/recvfrom). A connect()ed UDP
    socket reports the ICMP "port unreachable" of an earlier send as
    ConnectionRefusedError on the next recv.

    中文: 检查向无人接收的端口请求时，udp_request 抛出 TimeoutError 而不是 ConnectionRefusedError。

    提示: 套接字保持未连接状态，只用 sendto/recvfrom；对 UDP 套接字调用 connect 之后，
    ICMP "端口不可达" 会在下一次 recv 时变成 ConnectionRefusedError。
    """
    # A socket connected elsewhere keeps the port reserved, but datagrams from
    # anyone else match no socket: the kernel answers ICMP port unreachable.
    with _udp_socket() as deaf, _udp_socket() as elsewhere:
        deaf.connect(elsewhere.getsockname())
        address = deaf.getsockname()
        result, seconds, call = _request(address, b"anyone?", TIMEOUT, 1,
                                         2 * TIMEOUT + 2 * SLACK)
    assert isinstance(result, TimeoutError), (
        f"{call} to a port where nobody receives (the kernel answers ICMP port "
        f"unreachable) gave {result!r} after {seconds:.2f} s; expected "
        "TimeoutError after 2 sends: keep the socket unconnected, use "
        "sendto/recvfrom, so ICMP errors are not reported")


@pytest.mark.parametrize("size", [MAX_DATAGRAM + 1, 100_000])
def test_udp_request_rejects_oversized_payload(size):
    """udp_request raises ValueError giving the length for a payload over 65507 bytes, sending nothing.

    Hint: check len(payload) against MAX_DATAGRAM before sending (sendto
    would raise OSError EMSGSIZE), and put the length in the message.

    中文: 检查超过 65507 字节的 payload 引发 ValueError，消息里给出长度，且什么都不发送。

    提示: 发送前先比较 len(payload) 和 MAX_DATAGRAM（否则 sendto 抛 OSError
    EMSGSIZE），异常消息里写上实际长度。
    """
    with UdpPeer() as peer:
        call = f"udp_request(address, <{size} bytes>)"
        with deadline(NET, call):
            with pytest.raises(ValueError) as info:
                udp.udp_request(peer.address, bytes(size), timeout=0.5, retries=0)
        peer.sync()
    assert str(size) in str(info.value), (
        f"{call} raised ValueError({str(info.value)!r}); the message should give "
        f"the length {size}")
    assert peer.received == [], f"{call} sent {len(peer.received)} datagram(s); expected none"


@pytest.mark.parametrize("kwargs, bad", [
    ({"timeout": 0}, 0), ({"timeout": -0.5}, -0.5), ({"timeout": 0.0}, 0.0),
    ({"retries": -1}, -1),
], ids=["timeout-0", "timeout-negative", "timeout-0.0", "retries-negative"])
def test_udp_request_rejects_bad_timeout_and_retries(kwargs, bad):
    """udp_request raises ValueError naming the value for timeout <= 0 or retries < 0.

    Hint: check the arguments before creating the socket: settimeout(0)
    would make the socket non-blocking (no wait at all) and range(-1) sends
    nothing.

    中文: 检查 timeout <= 0 或 retries < 0 时 udp_request 引发 ValueError，并在消息里给出这个值。

    提示: 在创建套接字之前检查参数；settimeout(0) 会把套接字设成 非阻塞，根本不等，
    range(-1) 则一次也不发送。
    """
    args = {"timeout": 0.5, "retries": 1, **kwargs}
    call = f"udp_request(address, b'x', timeout={args['timeout']!r}, retries={args['retries']!r})"
    with UdpPeer() as peer:
        with deadline(NET, call):
            with pytest.raises(ValueError) as info:
                udp.udp_request(peer.address, b"x", **args)
        peer.sync()
    assert repr(bad) in str(info.value), (
        f"{call} raised ValueError({str(info.value)!r}); the message should name "
        f"the bad value {bad!r}")
    assert peer.received == [], f"{call} sent {len(peer.received)} datagram(s); expected none"


@pytest.mark.parametrize("bad", [True, 1.5], ids=["bool", "float"])
def test_udp_request_rejects_non_int_retries(bad):
    """udp_request raises TypeError when retries is not an int (a bool is not one).

    Hint: True is an int in Python; test isinstance(retries, bool) first.

    中文: 检查 retries 不是 int（bool 也不算）时 udp_request 引发 TypeError。

    提示: 在 Python 里 True 也是 int，要先用 isinstance(retries, bool) 排除。
    """
    call = f"udp_request(address, b'x', timeout=0.2, retries={bad!r})"
    with UdpPeer(answer=None) as peer:
        with deadline(NET, call):
            with pytest.raises(TypeError):
                udp.udp_request(peer.address, b"x", timeout=0.2, retries=bad)


@pytest.mark.points(2)
@pytest.mark.parametrize("path", ["reply", "timeout", "value-error"])
def test_udp_request_closes_its_socket(path):
    """udp_request closes its socket on every way out: a reply, a timeout, a ValueError.

    Hint: `with socket.socket(...) as sock:` closes it whatever happens
    inside, a return or a raise. A socket left to the garbage collector is
    closed late (or never, on other Pythons) and warns "unclosed socket".

    中文: 检查 udp_request 无论返回结果、超时还是参数错误，都关闭了自己的套接字。

    提示: 用 with socket.socket(...) as sock: 无论 return 还是抛异常都会关闭；
    留给垃圾回收去关的套接字会拖到很晚（在别的 Python 实现里可能永远不关），还会
    警告 "unclosed socket"。
    """
    kwargs = {"timeout": TIMEOUT, "retries": 1}
    payload, expected = _token(50), None
    if path == "timeout":
        expected = TimeoutError
    elif path == "value-error":
        payload, expected = bytes(MAX_DATAGRAM + 1), ValueError
    with UdpPeer(answer=None if path == "timeout" else (lambda d: [_reply_for(d)])) as peer:
        call = f"udp_request(address, {_short(payload)}, timeout={TIMEOUT}, retries=1)"
        left = []
        with SocketWatch(udp) as watch:
            with deadline(2 * TIMEOUT + 2 * SLACK, call):
                if expected is None:
                    udp.udp_request(peer.address, payload, **kwargs)
                    left = watch.left()
                else:
                    try:
                        udp.udp_request(peer.address, payload, **kwargs)
                    except expected:
                        left = watch.left()  # while the error still holds its frames
                    else:
                        raise AssertionError(f"{call} returned; expected {expected.__name__}")
        unclosed = watch.unclosed
    outcome = {"reply": "returned the reply", "timeout": "raised TimeoutError",
               "value-error": "raised ValueError"}[path]
    assert not left, (
        f"{call} {outcome}, but left {len(left)} socket(s) open ({', '.join(left)}): "
        "close the socket on every path (use `with`)")
    assert not unclosed, (
        f"{call} {outcome}, but its socket was never closed (the garbage "
        f"collector found it: {unclosed[0]!r}): use `with socket.socket(...) as sock:`")
