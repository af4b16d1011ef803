"""Checks for topic 16, forking_server: one child process per client, reaped at once.

The server runs in the harness sandbox (``serve``): its own process group, a
child subreaper, every descendant killed and reaped when the check ends, and
a forked process that returns into harness code is detected (the check then
fails with "returned into the harness"). Everything is observed from outside
the server: clients on real loopback sockets, and ``psutil``/``/proc`` for the
server's children (pid, state, descriptors) and its own descriptor count.
The handlers passed to ``serve_forking`` are module-level functions of this
file (the sandbox forks, so the server process has them).

Clause-to-check map (CURRICULUM.md section 16, and the general rules):

- echo_handler: echoes everything until EOF, then returns
  → test_echo_handler_echoes_until_eof, test_serve_forking_echoes
- serve_forking survives clients that reset or leave without reading their
  echo → test_serve_forking_survives_clients_leaving_badly
- serve_forking: for each connection, fork; clients are served in parallel
  (three slow clients at once; a client that finishes while others stay
  connected does not hold up the next one)
  → test_serve_forking_serves_clients_in_parallel
- the handler runs in a child (not the server process), the child closes
  the listener → test_serve_forking_child_does_not_hold_listener
- the child closes the connection and os._exits when the handler returns;
  it never returns into the accept loop → test_serve_forking_child_exits_after_its_client
- the child os._exits whether or not the handler raised (Exception,
  SystemExit, KeyboardInterrupt), ending only its own child; the server keeps
  serving; a child that returns into harness code is detected
  → test_serve_forking_raising_handler_ends_only_its_child
- the parent closes its copy of the connection at once: a client sees EOF
  as soon as its handler returns → test_serve_forking_client_sees_eof_when_handler_returns
- the parent's descriptors are back at baseline after every way a client
  can leave (clean close, reset, broken pipe mid-echo, never sending), each
  checked before the next client connects
  → test_serve_forking_fds_back_after_every_way_of_leaving
- finished children are reaped without waiting for the next client: no
  zombie within 1.5 s after 30 clients finish with no new client
  → test_serve_forking_no_zombies_without_new_clients
- the handler argument is used (default echo_handler)
  → the checks with custom handlers (greeting, command handlers)
"""
import contextlib
import os
import socket
import sys
import threading

import psutil
import pytest

import echo_conformance as echo
from harness import deadline, run_sandboxed, serve, topic
from harness.net import tcp_pair

forking_server = topic("forking_server")

NET = 5.0          # seconds for one client step (a fork on a loaded machine included)
SETTLE = 8.0       # seconds for children to finish after their clients left
ZOMBIE_LIMIT = 1.5  # the contract: no zombie 1.5 s after the last child ended


# ------------------------------------------------------------ handlers (server side)

def _hello_and_return(conn):
    """Send this process's pid, then return at once."""
    conn.sendall(f"{os.getpid()}\n".encode())


def _hello_and_wait(conn):
    """Send this process's pid, then wait until the client closes."""
    conn.sendall(f"{os.getpid()}\n".encode())
    while conn.recv(1024):
        pass


def _command_handler(conn):
    """Send this process's pid, read one command line, and do what it says."""
    conn.sendall(f"{os.getpid()}\n".encode())
    line = b""
    while not line.endswith(b"\n"):
        chunk = conn.recv(1)
        if not chunk:
            return
        line += chunk
    command = line.strip().decode()
    if command == "raise":
        raise ValueError("the handler raised on purpose")
    if command == "exit":
        sys.exit(3)
    if command == "interrupt":
        raise KeyboardInterrupt
    return None


def _run_echo_handler(conn):
    """Sandbox side of test_echo_handler_echoes_until_eof."""
    return forking_server.echo_handler(conn)


# ------------------------------------------------------------ helpers (check side)

def _read_line(sock, what: str) -> bytes:
    data = b""
    try:
        while not data.endswith(b"\n"):
            chunk = sock.recv(1)
            if not chunk:
                break
            data += chunk
    except TimeoutError:
        raise AssertionError(f"{what}: no greeting from the handler within "
                             f"{NET} s; is the handler called with the client's "
                             "connection (serve_forking(listener, handler))?") from None
    return data


def _greeting_pid(server, sock, what: str) -> int:
    line = _read_line(sock, what)
    if not line.strip().isdigit():
        server.check_alive(what)
        raise AssertionError(f"{what}: expected the handler's greeting (its pid), "
                             f"got {line!r}; serve_forking must call handler(conn)")
    return int(line)


def _alive(pid: int) -> bool:
    """Whether process pid runs (a zombie has ended: it is not alive)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _children_states(server) -> dict[int, str]:
    try:
        children = server.children()
    except psutil.NoSuchProcess:
        server.check_alive("while its children were looked at")
        raise
    states = {}
    for proc in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            states[proc.pid] = proc.status()
    return states


def _live_children(server) -> set[int]:
    return {pid for pid, s in _children_states(server).items() if s != psutil.STATUS_ZOMBIE}


def _sleeping(server) -> bool:
    """Whether the server process is blocked (or gone: nothing to wait for)."""
    try:
        return server.process.status() == psutil.STATUS_SLEEPING
    except psutil.NoSuchProcess:
        return True


def _zombies(server) -> list[int]:
    return [pid for pid, s in _children_states(server).items() if s == psutil.STATUS_ZOMBIE]


def _expect_eof(server, sock, what: str, hint: str) -> None:
    try:
        rest = sock.recv(1024)
    except TimeoutError:
        server.check_alive(what)
        raise AssertionError(f"{what}: the client waited {NET} s for the end of "
                             f"the stream in vain: {hint}") from None
    except ConnectionResetError:
        return  # the child ended; a reset is an end too
    assert rest == b"", f"{what}: expected the end of the stream, got {rest!r}"


def _expect_child_ends(server, pid: int, what: str) -> None:
    if not echo.until(lambda: not _alive(pid), SETTLE):
        server.check_alive(what)
        raise AssertionError(
            f"{what}: its handler child (pid {pid}) is still running {SETTLE:g} s "
            "after its client left: the child must end with os._exit once the "
            "handler is done, never go back into the accept loop (a second "
            "server)")
    server.check_alive(what)


def _listener_inode(server) -> str:
    """'socket:[inode]' of the server's listening socket."""
    port = server.address[1]
    for conn in server.process.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port:
            return _fd_target(server.pid, conn.fd)
    raise AssertionError(f"the server process (pid {server.pid}) no longer "
                         f"holds its listening socket on port {port}")


def _fd_target(pid: int, fd: int) -> str:
    return os.readlink(f"/proc/{pid}/fd/{fd}")


def _fd_targets(pid: int) -> list[str]:
    targets = []
    for name in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            targets.append(os.readlink(f"/proc/{pid}/fd/{name}"))
    return targets


# ------------------------------------------------------------ echo_handler

def test_echo_handler_echoes_until_eof():
    """echo_handler sends back each message as it arrives, and returns at end of stream.

    Hint: loop: data = conn.recv(...); if not data: return; conn.sendall(data).
    One recv is not the whole conversation: the client sends again after
    reading each echo. recv returns b'' (empty bytes) once the client has
    shut down writing.

    中文: 检查 echo_handler 收到一条消息就发回一条, 读到流结束 (EOF) 后返回。

    提示: 循环: data = conn.recv(...); 如果 not data 就 return; 否则 conn.sendall(data)。
    一次 recv 不是整个会话: 客户端读到回显后还会再发。客户端关闭写端后 recv 返回 b'' (空字节串)。
    """
    messages = [echo.payload_for(i) for i in range(4)] + [echo.payload_for(9, 40000)]
    client, conn = tcp_pair(timeout=NET)
    outcome = {}

    def client_side():
        step = "connecting"
        try:
            for i, message in enumerate(messages):
                step = f"message {i + 1} of {len(messages)} ({len(message)} bytes)"
                client.sendall(message)
                got = echo.read_exactly(client, len(message))
                if got != message:
                    outcome["wrong"] = f"{step} came back as {len(got)} bytes"
                    return
            step = "reading the end of stream after the last echo"
            client.shutdown(socket.SHUT_WR)
            rest = echo.read_until_eof(client)
            if rest:
                outcome["wrong"] = f"after the last echo the client read {rest[:40]!r}"
        except OSError as exc:
            outcome["wrong"] = f"{step}: the connection failed with {exc!r}"

    with client, conn:
        thread = threading.Thread(target=client_side, name="netlab-echo-client")
        thread.start()
        try:
            result = run_sandboxed(
                _run_echo_handler, conn, timeout=4 * NET,
                what="echo_handler(conn) on a client sending 5 messages, then EOF")
        finally:
            conn.close()    # the handler's copy is gone too: the client sees EOF
            thread.join(2 * NET)
    if "wrong" in outcome:
        raise AssertionError(
            f"echo_handler(conn), with a client that sends a message, reads its "
            f"echo, sends the next: {outcome['wrong']}; echo every chunk in a "
            "loop, and return only when recv returns b''")
    assert result is None, f"echo_handler(conn) returned {result!r}, expected None"


# ------------------------------------------------------------ serve_forking

def test_serve_forking_echoes():
    """serve_forking with the default handler echoes: one client, several messages, 64 KiB, 30 in a row.

    Hint: accept, fork; in the child close the listener, call
    handler(conn) (echo_handler by default), close conn, os._exit(0); in
    the parent close conn and accept the next client.

    中文: 检查使用默认处理函数的 serve_forking 能回显: 单个客户端、多条消息、64 KiB、连续 30 个客户端。

    提示: accept 之后 fork; 子进程关闭监听套接字, 调用 handler(conn) (默认是 echo_handler),
    关闭 conn, 然后 os._exit(0); 父进程关闭 conn, 接着 accept 下一个客户端。
    """
    with serve(forking_server.serve_forking) as server:
        with deadline(4 * NET, "echo clients of serve_forking"):
            echo.check_echo_one_client(server)
            echo.check_echo_interactive(server)
            echo.check_echo_large_payload(server)
            echo.check_echo_sequential_clients(server, 30)


@pytest.mark.points(2)
def test_serve_forking_serves_clients_in_parallel():
    """serve_forking serves three connected clients at once, and new ones while they stay.

    Hint: the parent must not wait for a child (no waitpid(pid, 0) after
    fork, no handling in the parent): it goes straight back to accept. A
    SIGCHLD handler must only reap with WNOHANG: a blocking wait there
    stops the parent while other children still run.

    中文: 检查 serve_forking 能同时服务三个保持连接的客户端, 并在它们连接期间继续接待新客户端。

    提示: 父进程不能等待子进程 (fork 之后不要 waitpid(pid, 0), 也不要在父进程里处理客户端),
    应立即回到 accept。SIGCHLD 信号处理函数里只能用 WNOHANG 回收: 阻塞的 wait 会在
    其他子进程还在运行时卡住父进程。
    """
    with serve(forking_server.serve_forking) as server, contextlib.ExitStack() as stack:
        with deadline(6 * NET, "three clients of serve_forking at once"):
            socks = {}
            for name in "abc":
                what = (f"client {name}, while clients "
                        f"{', '.join(socks) or '(none)'} stay connected")
                socks[name] = stack.enter_context(echo.connect(server, what))
                echo.expect_echo(server, socks[name], f"{name}1 ".encode() * 10, what)
            for name in "acb":
                echo.expect_echo(server, socks[name], f"{name}2 ".encode() * 10,
                                 f"client {name} again, all three connected")
            before = _live_children(server)
            what = "client d, which leaves while a, b and c stay connected"
            with echo.connect(server, what) as d:
                echo.expect_echo(server, d, b"d1 " * 10, what)
                d_children = _live_children(server) - before
            for pid in d_children:
                _expect_child_ends(server, pid, what)
            what = "client e, after client d left (a, b and c still connected)"
            with echo.connect(server, what) as e:
                echo.expect_echo(server, e, b"e1 " * 10, what)


def test_serve_forking_child_does_not_hold_listener():
    """The handler runs in a child of the server, and that child has closed the listener.

    Hint: right after fork, in the child: listener.close(). A child that
    keeps it holds the port open after the server dies, and the kernel may
    hand it a client it will never accept.

    中文: 检查处理函数运行在服务器的子进程中, 而且该子进程已经关闭了监听套接字。

    提示: fork 之后在子进程里立即 listener.close()。子进程如果一直持有监听套接字,
    服务器退出后端口仍被占用, 内核还可能把客户端交给一个永远不会 accept 的进程。
    """
    with serve(forking_server.serve_forking, _hello_and_wait) as server:
        listener = _listener_inode(server)
        what = "a client of serve_forking(listener, handler that sends its pid and waits)"
        with deadline(2 * NET, what):
            with echo.connect(server, what) as sock:
                pid = _greeting_pid(server, sock, what)
                assert pid != server.pid, (
                    f"{what}: the handler ran in the server process itself "
                    f"(pid {pid}); fork, and call the handler in the child")
                try:
                    parent = psutil.Process(pid).ppid()
                    held = _fd_targets(pid)
                except (psutil.NoSuchProcess, FileNotFoundError):
                    raise AssertionError(f"{what}: the handler's process {pid} "
                                         "ended while its handler was still running") from None
                assert parent == server.pid, (
                    f"{what}: the handler ran in process {pid}, whose parent is "
                    f"{parent}, not the server ({server.pid})")
                assert listener not in held, (
                    f"{what}: the handler's child (pid {pid}) still holds the "
                    f"listening socket ({listener}) while it serves its client: "
                    "close the listener in the child right after fork")


def test_serve_forking_client_sees_eof_when_handler_returns():
    """A client sees end of stream as soon as its handler returns (the parent kept no copy).

    Hint: after fork both processes hold the connection; it only closes when
    both have closed it. The parent must close its copy at once, the child
    when the handler returns.

    中文: 检查处理函数一返回, 客户端就读到 EOF (父进程没有保留连接套接字的副本)。

    提示: fork 之后父子进程都持有这个连接, 只有两边都关闭后连接才真正关闭。
    父进程要立即关闭自己那份, 子进程在处理函数返回后关闭。
    """
    with serve(forking_server.serve_forking, _hello_and_return) as server:
        for i in range(3):
            what = (f"client {i + 1} of serve_forking(listener, handler that "
                    "sends its pid and returns)")
            with deadline(2 * NET, what):
                with echo.connect(server, what) as sock:
                    sock.settimeout(NET)
                    _greeting_pid(server, sock, what)
                    _expect_eof(server, sock, what,
                                "the connection stays open while any process holds "
                                "it; the parent must close its copy right after "
                                "fork, and the child when the handler returns")


def test_serve_forking_child_exits_after_its_client():
    """Each handler child ends once its client is done; none goes back into the accept loop.

    Hint: after handler(conn) the child must end with os._exit(0). Without
    it the child falls back into the parent's `while True: accept()` loop:
    a second server (or a crash in the harness).

    中文: 检查每个处理子进程在其客户端结束后退出, 不会回到 accept 循环。

    提示: handler(conn) 之后子进程必须 os._exit(0) 结束。否则子进程会掉回父进程的
    `while True: accept()` 循环, 变成第二个服务器 (或者跑进测试框架的代码)。
    """
    with serve(forking_server.serve_forking) as server:
        for i in range(3):
            what = f"echo client {i + 1} of 3"
            before = _live_children(server)
            with deadline(2 * NET, what), echo.connect(server, what) as sock:
                echo.expect_echo(server, sock, b"ping", what)
                mine = _live_children(server) - before
            assert mine, (f"{what}: no new child process of the server was "
                          "running while it was served: fork one per client")
            for pid in mine:
                _expect_child_ends(server, pid, what)


@pytest.mark.points(2)
def test_serve_forking_raising_handler_ends_only_its_child():
    """A handler raising Exception, SystemExit or KeyboardInterrupt ends its own child only.

    Hint: in the child wrap the handler: try: handler(conn) except
    BaseException: ... finally: conn.close(); os._exit(...). `except
    Exception` lets sys.exit and KeyboardInterrupt through, and the child
    then unwinds into the accept loop or the code that started the server.

    中文: 检查处理函数抛出 Exception、SystemExit 或 KeyboardInterrupt 时只结束它自己的子进程。

    提示: 子进程里这样包住处理函数: try: handler(conn) except BaseException: ...
    finally: conn.close(); os._exit(...)。只写 except Exception 会漏掉 sys.exit 和
    KeyboardInterrupt, 子进程就会跑回 accept 循环或启动服务器的代码。
    """
    with serve(forking_server.serve_forking, _command_handler) as server:
        for command, raised in (("raise", "ValueError"), ("exit", "SystemExit"),
                                ("interrupt", "KeyboardInterrupt")):
            what = f"a client whose handler raises {raised}"
            with deadline(3 * NET, what):
                with echo.connect(server, what) as sock:
                    pid = _greeting_pid(server, sock, what)
                    sock.sendall(f"{command}\n".encode())
                    _expect_eof(server, sock, what,
                                "the child must close the connection and os._exit "
                                "even when the handler raises")
                _expect_child_ends(server, pid, what)
                after = f"a normal client after {what}"
                with echo.connect(server, after) as sock:
                    _greeting_pid(server, sock, after)
                    sock.sendall(b"return\n")
                    _expect_eof(server, sock, after, "the handler returned")
                server.check_alive(f"after {what}")


def test_serve_forking_survives_clients_leaving_badly():
    """serve_forking keeps serving after clients reset, leave unread, or leave mid-echo.

    Hint: a client's reset or broken pipe only ends that client's child (its
    handler raises, the child closes and exits); the parent goes on
    accepting.

    中文: 检查客户端重置连接、不读回显就离开或在回显途中离开之后, serve_forking 仍然继续服务。

    提示: 客户端重置或管道破裂只会结束该客户端的子进程 (处理函数抛出异常, 子进程关闭连接后
    退出); 父进程继续 accept。
    """
    with serve(forking_server.serve_forking) as server:
        with deadline(6 * NET, "clients of serve_forking leaving badly"):
            echo.check_survives_reset(server)
            echo.check_survives_unread_echo(server)
            echo.check_survives_client_leaving_early(server, clients=5)


@pytest.mark.points(2)
@pytest.mark.parametrize("way", list(echo.LEAVES))
def test_serve_forking_fds_back_after_every_way_of_leaving(way):
    """The server's descriptors are back at the baseline after each client, however it leaves.

    Hint: the parent must close its copy of each accepted connection right
    after fork, whatever the client does later (close, reset, leave while
    its echo is being sent, never send anything): the child deals with the
    client, the parent only accepts.

    中文: 检查客户端无论以何种方式离开 (正常关闭、RST 重置、回显途中离开、从不发送), 服务器进程的文件描述符数目都回到基线。

    提示: 父进程在 fork 之后要立即关闭每个 accept 得到的连接套接字, 不管客户端之后
    做什么 (正常关闭、重置、在回显途中离开、什么都不发): 客户端交给子进程处理,
    父进程只负责 accept。
    """
    with serve(forking_server.serve_forking, sockopts=echo.MID_ECHO_SOCKOPTS) as server:
        with deadline(4 * NET, f"serve_forking with clients leaving ({way})"):
            echo.check_fds_after_leaving(server, way)


@pytest.mark.points(2)
def test_serve_forking_no_zombies_without_new_clients():
    """No zombie children remain 1.5 s after 30 clients finish, with no new client arriving.

    Hint: reap in a SIGCHLD handler looping on os.waitpid(-1, os.WNOHANG)
    until it returns (0, 0) or raises ChildProcessError (signals do not
    queue: one SIGCHLD may stand for many children), or set SIGCHLD to
    SIG_IGN. Reaping just before accept() leaves zombies until the next
    client comes.

    中文: 检查 30 个客户端结束后, 在没有新客户端到来的情况下 1.5 秒内没有僵尸进程。

    提示: 在 SIGCHLD 信号处理函数中循环 os.waitpid(-1, os.WNOHANG), 直到返回 (0, 0) 或抛出
    ChildProcessError (信号不排队: 一个 SIGCHLD 可能代表多个子进程), 或者把 SIGCHLD 设为
    SIG_IGN。只在 accept() 之前回收, 僵尸进程要等下一个客户端到来才会被回收。
    """
    with serve(forking_server.serve_forking) as server, contextlib.ExitStack() as stack:
        with deadline(6 * NET, "30 clients of serve_forking connected at once"):
            for i in range(30):
                what = f"client {i + 1} of 30 (all stay connected)"
                sock = stack.enter_context(echo.connect(server, what))
                echo.expect_echo(server, sock, echo.payload_for(i), what)
        # every child serves its client; the parent waits for the next one
        echo.until(lambda: _sleeping(server), NET)
        stack.close()       # all 30 clients leave at once; no client comes after
        if not echo.until(lambda: not _live_children(server), SETTLE):
            server.check_alive("after 30 clients left")
            raise AssertionError(
                f"{SETTLE:g} s after its 30 clients left, the server still has "
                f"running children {sorted(_live_children(server))}: each child "
                "must end (os._exit) when its client is done")
        echo.until(lambda: not _zombies(server), ZOMBIE_LIMIT)
        zombies = _zombies(server)
        assert not zombies, (
            f"{ZOMBIE_LIMIT} s after the last of 30 children ended, with no new "
            f"client, the server still has {len(zombies)} zombie children "
            f"(僵尸进程): reap them as they end (SIGCHLD handler with a "
            "WNOHANG loop, or SIGCHLD = SIG_IGN), not only when a client arrives")
