"""Checks for topic 7, sockopts: describing a socket, a listener with SO_REUSEADDR, buffer sizes.

Oracles: each socket's own getters (getsockname, getpeername, getblocking,
gettimeout, getsockopt), literal family and type names, the kernel's own
table of TCP connections (/proc/net/tcp, to see TIME_WAIT), and what a
client can observe of a listener (connects that complete or not).

Clause-to-check map (CURRICULUM.md section 7 and the general rules):

| clause | checks |
|---|---|
| describe_socket returns exactly the keys family, type, fd, local, peer, blocking, timeout, reuse_address | test_describe_socket_has_exactly_the_keys |
| family "AF_INET"/"AF_INET6"/"AF_UNIX", type "SOCK_STREAM"/"SOCK_DGRAM" (names, not ints) | test_describe_socket_connected_tcp, test_describe_socket_udp, test_describe_socket_unix_socketpair, test_describe_socket_named_unix, test_describe_socket_ipv6 |
| other families and types: the enum member's name | test_describe_socket_other_family_and_type |
| fd = fileno(); local = getsockname() | every describe_socket check (compared with the socket's own getters) |
| peer = getpeername(), None when not connected (listener, fresh, unconnected UDP) | test_describe_socket_listener_and_fresh_socket, test_describe_socket_udp |
| an unnamed AF_UNIX peer gives '' (socketpair, unbound client) | test_describe_socket_unix_socketpair, test_describe_socket_named_unix |
| IPv6 (when ::1 binds) | test_describe_socket_ipv6 |
| blocking = getblocking() (a timeout counts as blocking); timeout float or None | test_describe_socket_blocking_modes |
| reuse_address: a bool from getsockopt(SO_REUSEADDR) | test_describe_socket_reuse_address |
| describe_socket changes nothing on the socket (mode, timeout, options) | test_describe_socket_blocking_modes, test_describe_socket_reuse_address, and every describe_socket check |
| make_listener: TCP, bound to (host, port), listening | test_make_listener_listens_where_asked |
| ... with backlog | test_make_listener_applies_backlog |
| reuse_address sets SO_REUSEADDR before bind, leaves it off when False | test_make_listener_reuse_address_option, test_make_listener_rebinds_over_time_wait |
| after a server-side close (TIME_WAIT) and closing the listener: rebind succeeds with reuse_address=True | test_make_listener_rebinds_over_time_wait |
| ... and raises OSError EADDRINUSE when both were made with False | test_make_listener_time_wait_blocks_without_reuse |
| port outside 0-65535, backlog < 0 -> ValueError naming the value | test_make_listener_rejects_bad_values |
| non-int port or backlog (bool included) -> TypeError | test_make_listener_rejects_bad_types |
| on a failed bind the socket is closed before the error propagates | test_make_listener_closes_socket_when_bind_fails |
| buffer_sizes: (SO_SNDBUF, SO_RCVBUF) as the kernel reports them | test_buffer_sizes_as_the_kernel_reports_them |
| sockets bind 127.0.0.1 port 0 or a short temp path | every check (192.0.2.1 is only bound, to fail, never sent to) |
"""
import contextlib
import errno
import os
import select
import socket
import time

import pytest

from harness import deadline, runs_in, topic
from harness.net import tcp_pair
from harness.servers import short_temp_dir
from socket_watch import SocketWatch

sockopts = topic("sockopts")

QUICK = 1.0   # seconds for a call that only asks the kernel
NET = 3.0     # seconds for a loopback exchange
KEYS = {"family", "type", "fd", "local", "peer", "blocking", "timeout", "reuse_address"}
TIME_WAIT = "06"   # the state code in /proc/net/tcp (include/net/tcp_states.h)


def _peer(sock):
    try:
        return sock.getpeername()
    except OSError as exc:
        if exc.errno == errno.ENOTCONN:
            return None
        raise


def _state(sock) -> tuple:
    """What describe_socket must leave unchanged."""
    return (sock.gettimeout(), sock.getblocking(),
            sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR),
            sock.getsockname(), _peer(sock))


def _describe(sock, what: str) -> dict:
    """describe_socket(sock), checked to leave the socket as it was."""
    before = _state(sock)
    with deadline(QUICK, f"describe_socket({what})",
                  "it only asks the socket: nothing in it can block"):
        got = sockopts.describe_socket(sock)
    after = _state(sock)
    assert after == before, (
        f"describe_socket({what}) changed the socket: (timeout, blocking, "
        f"SO_REUSEADDR, local, peer) was {before!r} before the call and "
        f"{after!r} after; it must only read (getblocking, gettimeout, "
        "getsockopt), never set (setblocking(x) also replaces a timeout)")
    assert isinstance(got, dict), f"describe_socket({what}) returned {got!r}, expected a dict"
    return got


def _expect(sock, what: str, family: str, type_: str, **extra) -> None:
    """describe_socket(sock) against the socket's own getters and the given names."""
    got = _describe(sock, what)
    want = {
        "family": family, "type": type_, "fd": sock.fileno(),
        "local": sock.getsockname(), "peer": _peer(sock),
        "blocking": sock.getblocking(), "timeout": sock.gettimeout(),
        "reuse_address": bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)),
        **extra,
    }
    if runs_in(sockopts).pid != os.getpid() and type(got.get("fd")) is int:
        # sealed: the code ran in its own process, on its own copy of the
        # descriptor (closed since); only the type can be checked here
        want["fd"] = got["fd"]
    missing, unknown = KEYS - got.keys(), got.keys() - KEYS
    assert not missing and not unknown, (
        f"describe_socket({what}) returned the keys {sorted(got)}; expected "
        f"exactly {sorted(KEYS)}" + (f"; missing {sorted(missing)}" if missing else "")
        + (f"; unexpected {sorted(unknown)}" if unknown else ""))
    wrong = {k: (got[k], want[k]) for k in KEYS
             if got[k] != want[k] or type(got[k]) is not type(want[k])}
    if wrong:
        lines = "; ".join(f"{k}: got {g!r} ({type(g).__name__}), expected {w!r}"
                          for k, (g, w) in sorted(wrong.items()))
        hints = []
        if {"family", "type"} & wrong.keys():
            hints.append("family and type are names such as 'AF_INET' and "
                         "'SOCK_STREAM' (socket.AddressFamily(x).name), not ints")
        if "peer" in wrong:
            hints.append("peer is getpeername(), None only when it raises "
                         "OSError ENOTCONN (an unnamed AF_UNIX peer is '')")
        if "blocking" in wrong or "timeout" in wrong:
            hints.append("blocking is getblocking() (a socket with a timeout is "
                         "blocking), timeout is gettimeout()")
        if "reuse_address" in wrong:
            hints.append("reuse_address is bool(getsockopt(SOL_SOCKET, SO_REUSEADDR))")
        raise AssertionError(f"describe_socket({what}): {lines}"
                             + (": " + "; ".join(hints) if hints else ""))


def _udp_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    return sock


# ------------------------------------------------------------ describe_socket

def test_describe_socket_has_exactly_the_keys():
    """describe_socket returns a dict with exactly the eight documented keys.

    Hint: family, type, fd, local, peer, blocking, timeout, reuse_address:
    no more, no fewer, spelled exactly so.

    中文: 检查 describe_socket 返回的字典正好有文档里的八个键。

    提示: family、type、fd、local、peer、blocking、timeout、reuse_address，不多不少，
    拼写完全一致。
    """
    with socket.socket() as sock:
        got = _describe(sock, "a fresh TCP socket")
    assert set(got) == KEYS, (
        f"describe_socket(a fresh TCP socket) returned the keys {sorted(got)}; "
        f"expected exactly {sorted(KEYS)}")


@pytest.mark.points(2)
def test_describe_socket_connected_tcp():
    """describe_socket of both ends of a TCP connection matches their getters.

    Hint: getsockname() is this end's address, getpeername() the other end's
    (the client only when you are the server). Family and type are names:
    socket.AddressFamily(sock.family).name gives "AF_INET".

    中文: 检查 describe_socket 对 TCP 连接两端的描述与各自的 getter 一致。

    提示: getsockname() 是本端地址，getpeername() 是 对端 地址（只有站在服务端看
    对端才是客户端）；family 和 type 要给名字，socket.AddressFamily(sock.family).name
    得到 "AF_INET"。
    """
    client, server = tcp_pair()
    with client, server:
        _expect(client, "the client end of a TCP connection", "AF_INET", "SOCK_STREAM")
        _expect(server, "the accepted end of a TCP connection", "AF_INET", "SOCK_STREAM")


def test_describe_socket_listener_and_fresh_socket():
    """describe_socket gives peer None for a listener and a fresh socket, without raising.

    Hint: getpeername() raises OSError (errno ENOTCONN) on a socket that is
    not connected: catch exactly that case and use None.

    中文: 检查监听套接字和新建套接字的 peer 为 None，且 describe_socket 不抛异常。

    提示: 未连接的套接字调用 getpeername() 会抛 OSError (ENOTCONN)，只捕获这种情况，
    把 peer 设为 None。
    """
    with socket.create_server(("127.0.0.1", 0)) as listener:
        _expect(listener, "a listening TCP socket", "AF_INET", "SOCK_STREAM", peer=None)
    with socket.socket() as fresh:
        _expect(fresh, "a fresh, unbound TCP socket", "AF_INET", "SOCK_STREAM", peer=None)


def test_describe_socket_udp():
    """describe_socket of UDP sockets: SOCK_DGRAM; peer None unless connect()ed.

    Hint: a UDP socket has a peer only after connect(); before that
    getpeername() raises OSError ENOTCONN.

    中文: 检查 UDP 套接字的描述：type 为 SOCK_DGRAM，只有 connect 之后才有 peer。

    提示: UDP 套接字只有调用 connect() 之后才有 对端，之前 getpeername() 抛
    OSError ENOTCONN。
    """
    with _udp_socket() as sock, _udp_socket() as other:
        _expect(sock, "an unconnected, bound UDP socket", "AF_INET", "SOCK_DGRAM", peer=None)
        sock.connect(other.getsockname())
        _expect(sock, "a connect()ed UDP socket", "AF_INET", "SOCK_DGRAM",
                peer=other.getsockname())


def test_describe_socket_unix_socketpair():
    """describe_socket of a socketpair: AF_UNIX, local and peer both '' (unnamed), not None.

    Hint: the two ends of socket.socketpair() are connected but have no file
    name: getpeername() returns '' and does not raise, so peer is '', not
    None.

    中文: 检查 socketpair 的描述：AF_UNIX，local 和 peer 都是 ''（无名），不是 None。

    提示: socketpair() 的两端是已连接的 本地套接字，但没有文件名；getpeername() 返回
    '' 而不抛异常，所以 peer 是 ''，不能写成 None。
    """
    a, b = socket.socketpair()
    with a, b:
        _expect(a, "one end of socket.socketpair()", "AF_UNIX", "SOCK_STREAM", peer="")
        _expect(b, "the other end of socket.socketpair()", "AF_UNIX", "SOCK_STREAM",
                local="")


def test_describe_socket_named_unix():
    """describe_socket of a socket-file listener, its client and the accepted socket.

    Hint: the listener's address is its path; the client, never bound, is
    unnamed (''); the accepted socket's local address is the path and its
    peer is the unnamed client ('').

    中文: 检查有文件名的 本地套接字：监听端、客户端和 accept 得到的套接字的描述。

    提示: 监听套接字的地址是文件路径；客户端没有 bind，是无名的 ''；accept 得到的
    套接字本端地址是路径，对端 是无名客户端 ''。
    """
    with short_temp_dir() as folder:
        path = os.path.join(folder, "s.sock")
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(path)
            listener.listen(1)
            _expect(listener, "an AF_UNIX listener", "AF_UNIX", "SOCK_STREAM",
                    local=path, peer=None)
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(NET)
                client.connect(path)
                conn, _ = listener.accept()
                with conn:
                    _expect(client, "an AF_UNIX client", "AF_UNIX", "SOCK_STREAM", peer=path)
                    _expect(conn, "an accepted AF_UNIX socket", "AF_UNIX", "SOCK_STREAM",
                            local=path, peer="")


def _ipv6_pair():
    if not socket.has_ipv6:
        pytest.skip("this Python was built without IPv6 (socket.has_ipv6 is False)")
    listener = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    try:
        listener.bind(("::1", 0))
    except OSError as exc:
        listener.close()
        pytest.skip(f"IPv6 loopback ::1 cannot be bound here ({exc})")
    return listener


def test_describe_socket_ipv6():
    """describe_socket of IPv6 sockets: AF_INET6, with 4-field addresses as the getters give.

    Hint: an IPv6 address from getsockname() is (host, port, flowinfo,
    scope_id); return what the getter returns, do not rebuild it.

    中文: 检查 IPv6 套接字的描述：AF_INET6，地址是 getter 返回的四元组。

    提示: IPv6 的 getsockname() 返回 (主机, 端口, flowinfo, scope_id)，原样返回即可，
    不要自己拼。
    """
    with _ipv6_pair() as listener:
        listener.listen(1)
        _expect(listener, "an IPv6 listener on ::1", "AF_INET6", "SOCK_STREAM", peer=None)
        with socket.create_connection(listener.getsockname()[:2], timeout=NET) as client:
            conn, _ = listener.accept()
            with conn:
                _expect(client, "an IPv6 client", "AF_INET6", "SOCK_STREAM")
                _expect(conn, "an accepted IPv6 socket", "AF_INET6", "SOCK_STREAM")


@pytest.mark.parametrize("mode", [None, 0.0, 2.5], ids=["blocking", "non-blocking", "timeout-2.5"])
def test_describe_socket_blocking_modes(mode):
    """describe_socket reports blocking and timeout as getblocking/gettimeout, and keeps them.

    Hint: a socket is blocking (timeout None), non-blocking (0.0), or has a
    timeout (2.5: still blocking). getblocking() says which; changing the
    mode to find out (setblocking) destroys a timeout.

    中文: 检查 describe_socket 按 getblocking/gettimeout 报告 阻塞 模式和超时，并且不改变它们。

    提示: 套接字有三种模式：阻塞（timeout 为 None）、非阻塞（0.0）、带超时（2.5，仍算阻塞）；
    用 getblocking() 读取，不要用 setblocking 去试，那样会把超时清掉。
    """
    client, server = tcp_pair()
    with client, server:
        client.settimeout(mode)
        _expect(client, f"a TCP socket with settimeout({mode!r})", "AF_INET", "SOCK_STREAM",
                blocking=mode != 0.0, timeout=mode)


@pytest.mark.parametrize("flag", [1, 0], ids=["set", "unset"])
def test_describe_socket_reuse_address(flag):
    """describe_socket reports SO_REUSEADDR as a bool, and does not change it.

    Hint: read it with getsockopt(SOL_SOCKET, SO_REUSEADDR) (an int) and
    convert with bool(); setsockopt sets, it does not read.

    中文: 检查 describe_socket 用 bool 报告 SO_REUSEADDR，而且不修改它。

    提示: 用 getsockopt(SOL_SOCKET, SO_REUSEADDR) 读取（得到 int），再用 bool() 转换；
    setsockopt 是设置，不是读取。
    """
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, flag)
        _expect(sock, f"a TCP socket with SO_REUSEADDR {flag}", "AF_INET", "SOCK_STREAM",
                reuse_address=bool(flag))


def test_describe_socket_other_family_and_type():
    """describe_socket names other families and types by their enum names (SOCK_SEQPACKET, AF_NETLINK).

    Hint: do not keep a table of two or three names: socket.AddressFamily(x).name
    and socket.SocketKind(x).name know them all.

    中文: 检查其他地址族和类型也用枚举名报告（SOCK_SEQPACKET、AF_NETLINK）。

    提示: 不要自己写只有两三项的对照表，socket.AddressFamily(x).name 和
    socket.SocketKind(x).name 认识所有的名字。
    """
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    with a, b:
        _expect(a, "an AF_UNIX SOCK_SEQPACKET socket", "AF_UNIX", "SOCK_SEQPACKET")
    if not hasattr(socket, "AF_NETLINK"):
        return
    try:
        netlink = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)  # NETLINK_ROUTE
    except OSError:
        return
    with netlink:
        _expect(netlink, "an AF_NETLINK SOCK_RAW socket", "AF_NETLINK", "SOCK_RAW")


# --------------------------------------------------------------- make_listener

def _make_listener(what: str, **kwargs):
    with deadline(QUICK, what):
        return sockopts.make_listener(**kwargs)


def test_make_listener_listens_where_asked():
    """make_listener() returns a blocking TCP socket listening on 127.0.0.1 and a real port.

    Hint: socket(AF_INET, SOCK_STREAM), bind((host, port)), listen(backlog);
    bind the host you were given, not "" (all interfaces).

    中文: 检查 make_listener() 返回在 127.0.0.1 和实际端口上监听的 阻塞 TCP 套接字。

    提示: socket(AF_INET, SOCK_STREAM)，bind((host, port))，listen(backlog)；绑定传入的
    host，不要绑定 ""（所有网卡）。
    """
    listener = _make_listener("make_listener()")
    with listener:
        host, port = listener.getsockname()
        assert (listener.family, listener.type) == (socket.AF_INET, socket.SOCK_STREAM), (
            f"make_listener() returned a {listener.family!r} {listener.type!r} socket; "
            "expected AF_INET, SOCK_STREAM")
        assert host == "127.0.0.1" and port != 0, (
            f"make_listener() is bound to {(host, port)!r}; expected 127.0.0.1 and "
            "the port the kernel picked for port 0")
        assert listener.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1, (
            "make_listener() returned a socket that is not listening: call listen(backlog)")
        assert listener.gettimeout() is None, (
            f"make_listener() returned a socket with timeout {listener.gettimeout()!r}; "
            "expected a blocking one")
        with socket.create_connection((host, port), timeout=NET) as client:
            listener.settimeout(NET)
            conn, address = listener.accept()
            conn.close()
            assert address == client.getsockname(), (
                f"make_listener(): a client from {client.getsockname()!r} connected, "
                f"but the listener accepted {address!r}")


@pytest.mark.parametrize("reuse", [True, False])
def test_make_listener_reuse_address_option(reuse):
    """make_listener sets SO_REUSEADDR when reuse_address is True and leaves it off when False.

    Hint: `if reuse_address: sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)`
    before bind; with False do not set it.

    中文: 检查 reuse_address 为 True 时设置 SO_REUSEADDR，为 False 时不设置。

    提示: 在 bind 之前 if reuse_address: sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)；
    为 False 时不要设置。
    """
    listener = _make_listener(f"make_listener(reuse_address={reuse})", reuse_address=reuse)
    with listener:
        value = listener.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
    assert bool(value) is reuse, (
        f"make_listener(reuse_address={reuse}) returned a socket whose SO_REUSEADDR "
        f"is {value}; expected it {'set' if reuse else 'off'}")


def test_make_listener_applies_backlog():
    """make_listener(backlog=1) listens with that backlog: a third unaccepted connect gets no answer.

    Hint: pass backlog to listen(). Linux queues backlog + 1 completed
    connections; once the queue is full it drops further SYNs, so a third
    client waits in vain.

    中文: 检查 make_listener(backlog=1) 按该 backlog 监听：未被 accept 的第三个连接得不到应答。

    提示: 把 backlog 传给 listen()；Linux 的完成队列最多排 backlog + 1 个连接，队列满了
    就丢弃新的 SYN，第三个客户端只能一直等。
    """
    listener = _make_listener("make_listener(backlog=1)", backlog=1)
    with listener, contextlib.ExitStack() as stack:
        address = listener.getsockname()
        for i in range(2):  # fits: queued completed connections
            stack.enter_context(socket.create_connection(address, timeout=NET))
        third = stack.enter_context(socket.socket())
        third.setblocking(False)
        third.connect_ex(address)
        _, writable, _ = select.select([], [third], [], 0.5)
    assert not writable, (
        "make_listener(backlog=1): with two connections waiting for accept, a "
        "third connect completed at once; with backlog 1 the kernel drops it: "
        "pass backlog to listen()")


def _tcp_states(port: int) -> list[str]:
    """States (hex codes) of the IPv4 TCP sockets whose local port is `port`."""
    states = []
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port:
                states.append(fields[3])
    return states


def _leave_time_wait(listener) -> int:
    """Accept a client on `listener`, close the server side first, let the
    client close too, and wait until the server side is in TIME_WAIT. Closes
    the listener; returns its port."""
    port = listener.getsockname()[1]
    with socket.create_connection(("127.0.0.1", port), timeout=NET) as client:
        listener.settimeout(NET)
        conn, _ = listener.accept()
        conn.close()                           # the server closes first: FIN
        assert client.recv(1) == b""           # the client sees EOF ...
    end = time.monotonic() + NET               # ... and closes: FIN back
    while TIME_WAIT not in _tcp_states(port):
        assert time.monotonic() < end, (
            f"the check's own setup: no TIME_WAIT on port {port} within {NET} s "
            f"(states {_tcp_states(port)})")
        time.sleep(0.005)  # polling the kernel table, bounded above
    listener.close()
    return port


@pytest.mark.points(2)
def test_make_listener_rebinds_over_time_wait():
    """make_listener(port, reuse_address=True) binds a port held in TIME_WAIT by a server-side close.

    Hint: SO_REUSEADDR must be set BEFORE bind: the address check happens
    in bind, so setting it afterwards changes nothing. On Linux the old
    listener needs it too.

    中文: 检查服务端先关闭连接留下 TIME_WAIT 后，make_listener(port, reuse_address=True) 仍能绑定该端口。

    提示: SO_REUSEADDR 必须在 bind 之前设置，端口检查发生在 bind 里，之后再设没有用；
    Linux 上旧的监听套接字也要设置。
    """
    first = _make_listener("make_listener(reuse_address=True)", reuse_address=True)
    port = _leave_time_wait(first)
    call = f"make_listener('127.0.0.1', {port}, reuse_address=True)"
    try:
        again = _make_listener(call, host="127.0.0.1", port=port, reuse_address=True)
    except OSError as exc:
        raise AssertionError(
            f"{call}, after a server made with reuse_address=True closed a "
            f"connection first (TIME_WAIT on port {port}) and its listener, "
            f"raised {exc!r}; expected it to bind: set SO_REUSEADDR before "
            "bind") from None
    with again:
        assert again.getsockname() == ("127.0.0.1", port)


def test_make_listener_time_wait_blocks_without_reuse():
    """Without SO_REUSEADDR on both, make_listener on a port in TIME_WAIT raises OSError EADDRINUSE.

    Hint: with reuse_address=False do not set the option (and let bind's
    OSError propagate): the TIME_WAIT connection still holds the port.

    中文: 检查新旧两个监听都不设 SO_REUSEADDR 时，在 TIME_WAIT 端口上 make_listener 抛出 OSError EADDRINUSE。

    提示: reuse_address=False 时不要设置该选项，也不要吞掉 bind 的 OSError：TIME_WAIT 的
    连接还占着端口。
    """
    first = _make_listener("make_listener(reuse_address=False)", reuse_address=False)
    port = _leave_time_wait(first)
    call = f"make_listener('127.0.0.1', {port}, reuse_address=False)"
    try:
        again = _make_listener(call, host="127.0.0.1", port=port, reuse_address=False)
    except OSError as exc:
        assert exc.errno == errno.EADDRINUSE, (
            f"{call} on a port in TIME_WAIT raised {exc!r}; expected errno "
            "EADDRINUSE (let bind's error propagate unchanged)")
        return
    again.close()
    raise AssertionError(
        f"{call}, after a server made with reuse_address=False closed a "
        f"connection first (TIME_WAIT on port {port}), bound the port; expected "
        "OSError EADDRINUSE: with reuse_address=False, SO_REUSEADDR stays off")


@pytest.mark.parametrize("kwargs, bad", [
    ({"port": -1}, -1), ({"port": 65536}, 65536), ({"backlog": -1}, -1),
], ids=["port--1", "port-65536", "backlog--1"])
def test_make_listener_rejects_bad_values(kwargs, bad):
    """make_listener raises ValueError naming the value for a port outside 0-65535 or a negative backlog.

    Hint: check before creating the socket. bind raises OverflowError (not
    a ValueError) for 65536, and listen(-1) is quietly taken as 0.

    中文: 检查端口超出 0-65535 或 backlog 为负时 make_listener 引发 ValueError，并给出该值。

    提示: 在创建套接字之前检查；bind 对 65536 抛的是 OverflowError（不是 ValueError），
    listen(-1) 会被悄悄当成 0。
    """
    call = "make_listener(" + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"
    with SocketWatch(sockopts) as watch:
        with deadline(QUICK, call):
            try:
                result = sockopts.make_listener(**kwargs)
            except ValueError as exc:
                message, left = str(exc), watch.left()
            else:
                result.close()
                raise AssertionError(f"{call} returned a listener; expected ValueError")
    assert repr(bad) in message, (
        f"{call} raised ValueError({message!r}); the message should name {bad!r}")
    assert not left and not watch.unclosed, (
        f"{call} raised ValueError but left a socket open: check the "
        "arguments before creating the socket, or close it")


@pytest.mark.parametrize("kwargs", [
    {"port": "0"}, {"port": 0.0}, {"port": False},
    {"backlog": "5"}, {"backlog": 1.5}, {"backlog": True},
], ids=["port-str", "port-float", "port-bool", "backlog-str", "backlog-float", "backlog-bool"])
def test_make_listener_rejects_bad_types(kwargs):
    """make_listener raises TypeError when port or backlog is not an int (a bool is not one).

    Hint: isinstance(x, int) and not isinstance(x, bool): True and False are
    ints in Python, and bind would take False as port 0.

    中文: 检查 port 或 backlog 不是 int（bool 也不算）时 make_listener 引发 TypeError。

    提示: 用 isinstance(x, int) and not isinstance(x, bool) 判断；在 Python 里 True 和
    False 也是 int，bind 会把 False 当成端口 0。
    """
    call = "make_listener(" + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"
    with deadline(QUICK, call):
        try:
            result = sockopts.make_listener(**kwargs)
        except TypeError:
            return
    result.close()
    raise AssertionError(f"{call} returned a listener; expected TypeError")


@pytest.mark.points(2)
@pytest.mark.parametrize("case", ["address-in-use", "address-not-here"])
def test_make_listener_closes_socket_when_bind_fails(case):
    """When bind fails (EADDRINUSE, EADDRNOTAVAIL), make_listener closes its socket before raising.

    Hint: once the socket exists, wrap setsockopt/bind/listen in try:, and
    `except BaseException: sock.close(); raise`. A socket that is only
    garbage-collected is a leaked descriptor until then.

    中文: 检查 bind 失败（EADDRINUSE、EADDRNOTAVAIL）时，make_listener 在抛出异常前关闭套接字。

    提示: 套接字创建之后，把 setsockopt/bind/listen 放进 try:，
    except BaseException: sock.close(); raise；只靠垃圾回收去关，之前这个描述符一直泄漏着。
    """
    with contextlib.ExitStack() as stack:
        if case == "address-in-use":
            holder = stack.enter_context(socket.create_server(("127.0.0.1", 0)))
            host, port = holder.getsockname()
            wanted = errno.EADDRINUSE
        else:
            host, port, wanted = "192.0.2.1", 0, errno.EADDRNOTAVAIL  # TEST-NET-1: not ours
        call = f"make_listener({host!r}, {port})"
        with SocketWatch(sockopts) as watch:
            with deadline(QUICK, call):
                try:
                    result = sockopts.make_listener(host, port)
                except OSError as exc:
                    code, left = exc.errno, watch.left()  # the error still holds the frame
                else:
                    result.close()
                    raise AssertionError(f"{call} returned a listener; expected OSError")
    assert code == wanted, (
        f"{call} raised OSError with errno {errno.errorcode.get(code, code)}; "
        f"expected {errno.errorcode[wanted]} from bind, unchanged")
    assert not left, (
        f"{call} raised OSError ({errno.errorcode[wanted]}) with its socket still "
        f"open ({', '.join(left)}): close it before the error propagates")
    assert not watch.unclosed, (
        f"{call} raised OSError without closing its socket (the garbage collector "
        f"found it: {watch.unclosed[0]!r}): close it before the error propagates")


# ---------------------------------------------------------------- buffer_sizes

@pytest.mark.parametrize("kind", ["tcp", "udp"])
def test_buffer_sizes_as_the_kernel_reports_them(kind):
    """buffer_sizes returns (SO_SNDBUF, SO_RCVBUF) as getsockopt reports them.

    Hint: send buffer first, receive buffer second; Linux reports twice
    what setsockopt asked for: return the kernel's numbers as they are.

    中文: 检查 buffer_sizes 按 getsockopt 的结果返回 (SO_SNDBUF, SO_RCVBUF)。

    提示: 发送 缓冲区 在前，接收 缓冲区 在后；Linux 报告的是 setsockopt 设置值的两倍，
    原样返回内核给的数字，不要自己减半。
    """
    type_ = socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM
    with socket.socket(socket.AF_INET, type_) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8192)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
        want = (sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF),
                sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
        with deadline(QUICK, "buffer_sizes(sock)"):
            got = sockopts.buffer_sizes(sock)
    assert tuple(got) == want and isinstance(got, tuple), (
        f"buffer_sizes of a {kind.upper()} socket after setsockopt(SO_SNDBUF, 8192) "
        f"and setsockopt(SO_RCVBUF, 32768) returned {got!r}; getsockopt reports "
        f"(SO_SNDBUF, SO_RCVBUF) = {want!r}: send first, and the kernel's numbers as they are")
