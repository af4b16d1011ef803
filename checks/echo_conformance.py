"""Conformance checks for echo servers, shared by every topic that has one.

An echo server sends back every byte a client sends, as it arrives, and
closes the client's socket once the client shuts down its writing side. Each
``check_*`` function takes a running harness ``Server`` (from
``serve(...)``, TCP or Unix) and raises ``AssertionError`` with a teaching
message at the first deviation. The two ``*_server`` functions are
independent reference peers for checking clients.

Every way a client can leave (``LEAVES``): a clean close, a reset, a broken
pipe in the middle of its echo, and never sending anything. Each one is made
deterministic, so a server that mishandles it fails on every run:

- reset: the client reads one echo, sends again, waits until that echo is
  readable and closes without reading it. Closing with unread data makes TCP
  send RST, and makes a Unix peer's next ``recv`` fail with ECONNRESET; the
  server is then waiting in ``recv``, so ``recv`` raises
  ``ConnectionResetError``.
- broken pipe (``leave_mid_echo``): the server must be *sending* when the
  client goes, and its send must fail with EPIPE. Over TCP that takes the
  peer's FIN first (server in CLOSE_WAIT), then its RST: Linux reports a reset
  in CLOSE_WAIT as EPIPE, in ESTABLISHED as ECONNRESET. The client keeps its
  receive buffer small and the server's send buffer is made small
  (``serve(..., sockopts=MID_ECHO_SOCKOPTS)``: accepted TCP sockets inherit
  it), so a 64 KiB payload cannot be echoed whole: the server blocks in
  ``sendall`` while all the payload and the FIN reach it (checked with
  TCP_INFO: FIN_WAIT2), then the client resets. Over a Unix socket the
  client sends until its send buffer is full (the server has stopped
  reading: it is blocked sending, and has unread data), shuts down its
  reading side (the server's sends fail with EPIPE from then on, a blocked
  one at once), reads what is queued and closes. (Closing with unread echo
  would flag ECONNRESET on the server's socket, which a blocked send
  reports before EPIPE.)
- never sending: the client connects and closes; the server's first ``recv``
  returns ``b""``.

``check_fds_after_leaving`` counts the server's descriptors after each such
client, before the next one connects (CPython closes a forgotten socket when
the next ``accept`` rebinds ``conn``), and only once the server has taken
the client from its accept queue (``accept_queue_empty``: a silent client
may be gone before it is accepted).

``unanswered_address`` makes a listener whose accept queue is full, so a
connect to it is never answered (TCP drops the SYN, a Unix connect waits);
``leaked_sockets`` and ``peer_closed`` find sockets a client function left
open (in the process the implementation runs in: ``runs_in(topic)``).
"""
import contextlib
import os
import select
import socket
import struct
import time
import traceback
import typing

import psutil

from harness import deadline, expect_raises
from harness.servers import short_temp_dir

CHUNK = 65536
IO_TIMEOUT = 2.0  # per socket operation; a loopback echo takes microseconds
FD_SETTLE = 3.0   # seconds a correct server needs, at most, to close a client


def payload_for(i: int, size: int = 0) -> bytes:
    """A recognisable payload for client ``i`` (``size`` bytes if given)."""
    text = f"client {i} says hello; ".encode()
    if size:
        return (text * (size // len(text) + 1))[:size]
    return text * (i % 5 + 1)


FATE_SECONDS = 0.5  # how long a failing client waits to learn whether the server died


def _fail(server, what: str, message: str):
    """Report the server's own death first: it explains most client errors
    (on a loaded machine the news of a death may come a little late)."""
    end = time.monotonic() + FATE_SECONDS
    while True:
        server.check_alive(what)
        if time.monotonic() >= end:
            break
        time.sleep(0.01)
    raise AssertionError(f"{what}: {message}")


def read_exactly(sock, n: int) -> bytes:
    """Up to ``n`` bytes from ``sock``: fewer only if the peer closed first."""
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def read_until_eof(sock) -> bytes:
    """Everything ``sock`` receives until the peer closes."""
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
        got = read_exactly(sock, len(message))
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
            return read_until_eof(sock)
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
            rest = read_until_eof(sock)
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


# ------------------------------------------------ every way a client can leave

SMALL_BUFFER = 4096      # bytes asked for with SO_SNDBUF/SO_RCVBUF (Linux doubles it)
MID_ECHO_PAYLOAD = 64 * 1024  # far more than the small buffers hold, far less
                              # than the server's receive window
MID_ECHO_SOCKOPTS = ((socket.SOL_SOCKET, socket.SO_SNDBUF, SMALL_BUFFER),)
"""Pass as ``serve(..., sockopts=MID_ECHO_SOCKOPTS)`` for ``leave_mid_echo``
over TCP: the server's accepted sockets get a small send buffer."""
_TCP_FIN_WAIT2 = 5       # tcpi_state, linux/tcp_states.h
_TCP_LISTEN = 10
_POLL = 0.001            # seconds between two looks at a socket's state


def until(condition, timeout: float) -> bool:
    """Poll ``condition()`` until it is true or ``timeout`` passed (bounded)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= end:
            return False
        time.sleep(_POLL)
    return True


def _tcp_state(sock) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[0]


def _is_unix(server) -> bool:
    return isinstance(server.address, str)


def leave_clean(server, what: str) -> None:
    """Echo one message, shut down writing, read to EOF, close."""
    with connect(server, what) as sock:
        expect_echo(server, sock, b"clean", what)
        sock.shutdown(socket.SHUT_WR)
        try:
            rest = read_until_eof(sock)
        except TimeoutError:
            _fail(server, what, "after its echo the client shut down writing and "
                  f"waited {IO_TIMEOUT} s for the server's close in vain: on b'' "
                  "the server must close the client socket")
        assert rest == b"", f"{what}: the server sent extra bytes {rest[:60]!r}"


def leave_with_reset(server, what: str) -> None:
    """Leave with unread echo: RST over TCP, ECONNRESET over a Unix socket.

    The server has just echoed and waits in ``recv``; its ``recv`` raises
    ``ConnectionResetError``.
    """
    with connect(server, what) as sock:
        expect_echo(server, sock, b"ping", what)
        sock.sendall(b"pong, unread")
        readable, _, _ = select.select([sock], [], [], IO_TIMEOUT)
        if not readable:
            _fail(server, what, f"no echo of a second message within {IO_TIMEOUT} s")
        if not _is_unix(server):  # linger on, timeout 0: close() sends RST
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def leave_silent(server, what: str) -> None:
    """Connect, send nothing, close: the server's first recv returns b''."""
    with connect(server, what):
        pass


def leave_mid_echo(server, what: str) -> None:
    """Leave while the server is blocked sending the echo: its send fails with EPIPE.

    Over TCP the server must have been started with
    ``sockopts=MID_ECHO_SOCKOPTS``. The client waits (bounded) until the whole
    payload and its FIN are acknowledged before it resets (TCP), or until its
    send buffer is full (Unix), so that a correct server's next send surely
    raises ``BrokenPipeError``.
    """
    if _is_unix(server):
        _leave_mid_echo_unix(server, what)
    else:
        _leave_mid_echo_tcp(server, what)


def _leave_mid_echo_tcp(server, what: str) -> None:
    payload = payload_for(11, MID_ECHO_PAYLOAD)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with sock:
        # before connect, so the window it offers stays small
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUFFER)
        sock.settimeout(IO_TIMEOUT)
        try:
            sock.connect(server.address)
        except OSError as exc:
            _fail(server, what, f"connecting to the server failed: {exc!r}; the "
                  "server should be back in accept() for the next client")
        sock.setblocking(False)
        view, sent = memoryview(payload), 0
        end = time.monotonic() + IO_TIMEOUT
        try:
            while sent < len(view) and time.monotonic() < end:
                select.select([], [sock], [], max(0.0, end - time.monotonic()))
                with contextlib.suppress(BlockingIOError):
                    sent += sock.send(view[sent:])
            sock.shutdown(socket.SHUT_WR)
        except OSError as exc:
            _fail(server, what, f"sending {len(view)} bytes failed after {sent} "
                  f"with {exc!r}")
        # FIN acknowledged: the server's socket is in CLOSE_WAIT, and the
        # server is still echoing (its buffers hold a fraction of the payload)
        if sent == len(view):
            until(lambda: _tcp_state(sock) == _TCP_FIN_WAIT2, IO_TIMEOUT)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _leave_mid_echo_unix(server, what: str) -> None:
    chunk = payload_for(11, CHUNK)
    with connect(server, what) as sock:
        sock.setblocking(False)
        sent, full = 0, False
        end = time.monotonic() + IO_TIMEOUT
        try:
            while not full and time.monotonic() < end and sent < 64 * CHUNK:
                try:
                    sent += sock.send(chunk)
                except BlockingIOError:
                    # Our send buffer is full: the server has stopped
                    # reading, so it still has to read and echo what is
                    # queued, after we are gone.
                    full = True
            # SHUT_RD marks the server's socket SEND_SHUTDOWN: its sends fail
            # with EPIPE from now on (a blocked one is woken). Then read
            # what is queued, so that close() does not also flag
            # ECONNRESET (unread data), which a blocked send would report
            # first.
            sock.shutdown(socket.SHUT_RD)
        except OSError as exc:
            _fail(server, what, f"sending failed after {sent} bytes with {exc!r}")
        try:
            while sock.recv(CHUNK):
                pass
        except (BlockingIOError, ConnectionResetError):
            pass  # all read, or the server already closed its side (unread data)


LEAVES = {
    "clean": (leave_clean, "a client that closes cleanly"),
    "reset": (leave_with_reset, "a client that resets (closes with unread echo)"),
    "broken-pipe": (leave_mid_echo, "a client that leaves while the server is sending its echo"),
    "silent": (leave_silent, "a client that connects and closes without sending"),
}
"""name -> (leave function, description) for every way a client can leave."""


def accept_queue_empty(server) -> bool:
    """Whether the server has accepted every client that connected so far.

    TCP: the listener's row in /proc/net/tcp counts the connections waiting
    to be accepted (rx_queue). Unix: a connection not accepted yet is listed
    in /proc/net/unix under the listener's path, in state SS_CONNECTING.
    """
    pid = os.getpid()  # the same network namespace as the sandboxed server
    if _is_unix(server):
        with open(f"/proc/{pid}/net/unix") as table:
            next(table)
            for line in table:
                fields = line.split()
                if len(fields) > 7 and fields[7] == server.address and int(fields[5], 16) == 2:
                    return False
        return True
    for row in _tcp_table(pid):
        if row.local == tuple(server.address) and row.state == _TCP_LISTEN:
            return row.rx_queue == 0
    return True


def server_fds(server, target: int, what: str) -> int:
    """``server.wait_fds(target)``, reporting a dead server as its own failure."""
    try:
        count = server.wait_fds(target, timeout=FD_SETTLE)
    except psutil.Error:  # gone: its own exception says why
        count = None
    server.check_alive(what)
    if count is None:
        raise AssertionError(f"{what}: the server process is gone")
    return count


def check_fds_after_leaving(server, way: str, clients: int = 3) -> None:
    """After each client that leaves in ``way`` (a ``LEAVES`` key), and before
    the next one connects, the server's descriptors are back at the baseline."""
    leave, description = LEAVES[way]
    baseline = server.num_fds()
    for i in range(clients):
        what = f"{description} ({i + 1} of {clients})"
        leave(server, what)
        # A client that never sent may be gone before the server accepts it:
        # count only once the server has taken it from the accept queue.
        until(lambda: accept_queue_empty(server), FD_SETTLE)
        count = server_fds(server, baseline, f"after {what}")
        assert count <= baseline, (
            f"the server had {baseline} open file descriptors while waiting for "
            f"clients; after {what}, it still has {count} ({count - baseline} "
            "more) before the next client connects: close the client socket "
            "on every way out of its session, errors included (`with conn:` "
            "around the whole session)")
    got = echo_round(server, b"after them", f"a normal client after {description}s")
    assert got == b"after them", f"a normal client after {description}s got back {got!r}"
    server.check_alive(f"after {description}s")


def check_survives_broken_pipe(server, clients: int = 3) -> None:
    """Clients leave while the server is blocked sending their echo; it serves on.

    Over TCP the server runs with ``sockopts=MID_ECHO_SOCKOPTS``.
    """
    _, description = LEAVES["broken-pipe"]
    for i in range(clients):
        leave_mid_echo(server, f"{description} ({i + 1} of {clients})")
        what = f"a normal client after {description} ({i + 1} of {clients})"
        got = echo_round(server, b"anyone home?", what)
        assert got == b"anyone home?", f"{what} got back {got!r}"
    server.check_alive(f"after {description}: the send to a client that has gone "
                       "raises BrokenPipeError")


# ------------------------------------------------ clients: unanswered connects, leaks

@contextlib.contextmanager
def unanswered_address(kind: str = "tcp"):
    """An address whose listener's accept queue is full: a connect is never answered.

    ``listen(0)`` and one connected client that is never accepted fill the
    queue (Linux lets ``backlog + 1`` connections wait). A TCP SYN to it is
    dropped (the client would retransmit for about two minutes); a blocking
    Unix connect waits for room in the queue, and a Unix socket with a
    timeout (non-blocking inside) fails at once with ``BlockingIOError``.
    """
    family = socket.AF_UNIX if kind == "unix" else socket.AF_INET
    with (short_temp_dir() if kind == "unix" else contextlib.nullcontext()) as folder, \
            socket.socket(family, socket.SOCK_STREAM) as listener:
        listener.bind(os.path.join(folder, "full.sock") if folder else ("127.0.0.1", 0))
        listener.listen(0)
        address = listener.getsockname()
        with socket.socket(family, socket.SOCK_STREAM) as waiting:
            waiting.settimeout(IO_TIMEOUT)
            waiting.connect(address)
            yield address


def _process_pid(process) -> int:
    return os.getpid() if process is None else process.pid


def open_fds(process=None) -> dict[int, str]:
    """The descriptors open in ``process`` (a ``psutil.Process``, default this
    one; pass ``runs_in(topic)``): {fd: what it refers to}."""
    folder = f"/proc/{_process_pid(process)}/fd"
    fds = {}
    for name in os.listdir(folder):
        with contextlib.suppress(OSError):  # the listdir's own fd is gone by now
            fds[int(name)] = os.readlink(f"{folder}/{name}")
    return fds


def _unix_sockets(pid: int) -> dict[str, tuple[int, int]]:
    """{'socket:[inode]': (flags, state)} of the Unix sockets in pid's network namespace."""
    found = {}
    with open(f"/proc/{pid}/net/unix") as table:
        next(table)
        for line in table:
            fields = line.split()
            found[f"socket:[{fields[6]}]"] = (int(fields[3], 16), int(fields[5], 16))
    return found


_ACCEPTCON = 0x10000  # /proc/net/unix flag of a listening socket
_SS_CONNECTED = 3


TIMEOUT = 0.3                 # the timeout a client check passes where one must fire
TIMEOUT_BOUNDS = (0.25, 2.0)  # when its TimeoutError must come (a loaded machine is slow)


def times_out(call: str, fn, *args, **kwargs) -> TimeoutError:
    """Call ``fn`` (given a timeout of ``TIMEOUT``); it must raise TimeoutError
    within ``TIMEOUT_BOUNDS`` seconds. Returns the error."""
    low, high = TIMEOUT_BOUNDS
    started = time.monotonic()
    with deadline(high + 1.0, call, f"the timeout ({TIMEOUT} s) must bound every "
                  "wait, the connect included"):
        error = expect_raises(TimeoutError, call, fn, *args, **kwargs)
    took = time.monotonic() - started
    assert low <= took <= high, (
        f"{call} raised TimeoutError after {took:.2f} s; expected it after about "
        f"{TIMEOUT} s (between {low} and {high} s): is the timeout passed on as "
        "seconds, to the socket that waits?")
    return error


def no_leaked_socket(process, call: str, before: dict, error: BaseException) -> None:
    """Fail if a socket opened in ``process`` since ``before`` (an
    ``open_fds(process)``) is still open after ``call`` raised ``error``.
    ``error`` is held alive until then (its traceback keeps an unclosed
    socket open), and its frames are cleared afterwards (which closes it)."""
    leaked = leaked_sockets(before, process)
    traceback.clear_frames(error.__traceback__)
    assert not leaked, (
        f"{call} raised {type(error).__name__} and left its socket open "
        f"({'; '.join(leaked)}): close the socket on every path, errors "
        "included (`with socket.socket(...) as sock:`, or close it before "
        "raising)")


def leaked_sockets(before: dict[int, str], process=None) -> list[str]:
    """Sockets opened in ``process`` since ``before`` (an ``open_fds(process)``)
    that are still open: every Internet socket (whatever its state), and
    every Unix socket that is neither connected nor listening (a client
    whose connect failed). A connected Unix client is found from its peer's
    side instead (``peer_closed``).

    Call it while the client's exception is still alive: its traceback holds
    the function's frame, so a socket that was never closed is still open.
    """
    pid = _process_pid(process)
    unix = _unix_sockets(pid)
    found = []
    for fd, target in sorted(open_fds(process).items()):
        if before.get(fd) == target or not target.startswith("socket:"):
            continue
        if target in unix:
            flags, state = unix[target]
            if state == _SS_CONNECTED or flags & _ACCEPTCON:
                continue
            found.append(f"fd {fd}: an AF_UNIX socket that is not connected")
        else:
            found.append(f"fd {fd}: an Internet socket")
    return found


class _TcpRow(typing.NamedTuple):
    local: tuple
    remote: tuple
    state: int
    rx_queue: int   # for a listener: connections waiting to be accepted
    inode: int      # 0: no file holds the socket (closed, orphaned)


def _tcp_table(pid: int):
    """The rows of /proc/PID/net/tcp (IPv4 sockets of pid's network namespace)."""
    def address(text):
        ip, port = text.split(":")
        return socket.inet_ntoa(struct.pack("=I", int(ip, 16))), int(port, 16)
    with open(f"/proc/{pid}/net/tcp") as table:
        next(table)
        for line in table:
            fields = line.split()
            yield _TcpRow(address(fields[1]), address(fields[2]), int(fields[3], 16),
                          int(fields[4].split(":")[1], 16), int(fields[9]))


def peer_closed(conn) -> bool:
    """Whether the client at the other end of ``conn`` (accepted by the check)
    has closed its socket, not just shut down writing.

    TCP: the client's socket is still in the table, but no file holds it
    (inode 0: orphaned by close). Unix: a send fails with EPIPE only once the
    peer is closed (its shutdown(SHUT_WR) alone does not).
    """
    if conn.family == socket.AF_UNIX:
        try:
            conn.send(b"?")
        except BrokenPipeError:
            return True
        return False
    client, server = conn.getpeername(), conn.getsockname()
    for row in _tcp_table(os.getpid()):
        if row.local == client and row.remote == server:
            return row.inode == 0
    return True  # gone from the table: closed


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
                data = read_until_eof(conn)
                conn.sendall(reply_for(data))
            except ConnectionError:
                pass


def reply_for(data: bytes) -> bytes:
    return b"got %d bytes: " % len(data) + data[::-1]
