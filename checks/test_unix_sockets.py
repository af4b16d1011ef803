"""Checks for topic 10, unix_sockets: 本地套接字, socket files, passing descriptors.

Every socket file lives in a short temp folder (``servers.short_temp_dir()``)
(AF_UNIX paths hold at most 107 bytes) that is removed afterwards. The
oracles are the kernel's own answers (``os.lstat``, ``stat.S_ISSOCK``,
``SO_ACCEPTCONN``, ``socket.send_fds``/``socket.recv_fds``, ``os.fstat``),
never the reference. Whatever may serve forever or runs in "another
process" runs in the harness sandbox.

Clause-to-check map (CURRICULUM.md section 10, then the rules for every
topic that apply here). Every clause is enforced by the checks named after
it (``test_`` left out).

bind_unix_listener
- an AF_UNIX stream listener at path, str or os.PathLike:
  bind_creates_listening_socket_file[str, pathlike]
- a stale socket file (connect refused) is removed first: bind_replaces_stale_socket_file
- a live server's socket file: OSError EADDRINUSE, left alone (same inode,
  the server still reachable): bind_refuses_live_socket, and without
  blocking when that server's backlog is full: bind_refuses_busy_live_socket
- anything else at path (regular file, directory, FIFO, symlink to a file,
  to a live socket, to a stale socket, dangling): FileExistsError, left
  byte for byte as it was (mode, inode, size, mtime, content or entries,
  link text, and the link's target): bind_leaves_other_files_alone[...]
- encoded path empty or longer than UNIX_PATH_MAX (107) bytes: ValueError
  naming it: bind_rejects_bad_paths (108 ASCII bytes, 108 bytes that are 54
  characters, 300 bytes, "", b""); exactly 107 bytes works, ASCII or not:
  bind_accepts_107_byte_paths

close_unix_listener
- closes it and removes its socket file: close_removes_socket_file
- a file already gone is no error: close_tolerates_missing_file
- only if it is still a socket: a non-socket put at the path after binding
  stays: close_leaves_replacement_alone

unix_request, serve_unix_echo: tcp.echo_client / tcp.serve_echo over the socket file
- connect, send, SHUT_WR, read until EOF, return the reply, str or PathLike:
  unix_request_returns_reply, unix_request_payload_sizes[1, 65536]
- the timeout bounds the connect (a listener whose backlog is full makes a
  Unix connect wait): unix_request_connect_times_out (0.25-2 s for 0.3)
- the timeout bounds each read: unix_request_times_out (same bounds)
- its socket closed on every path: unix_request_times_out (the server sees
  it closed), unix_request_connect_times_out,
  unix_request_connect_errors[missing, stale] (FileNotFoundError,
  ConnectionRefusedError)
- the server echoes, one client after another, as data arrives, 64 KiB:
  serve_unix_echo_conformance
- a client that leaves early does not stop it: serve_unix_echo_survives_broken_pipe,
  serve_unix_echo_fds_back_after_every_way_of_leaving[reset, broken-pipe]
- descriptors back to the baseline after every way a client can leave:
  serve_unix_echo_fds_back_after_every_way_of_leaving[clean, reset, broken-pipe, silent]

send_fd / recv_fd
- one descriptor passed with SCM_RIGHTS, written through in another process:
  send_fd_passes_open_file_to_another_process (the receiver is
  socket.recv_fds), recv_fd_receives_open_file_in_another_process (the
  sender is socket.send_fds); both check the same open file (st_dev and
  st_ino equal, the file offset shared) and the bytes written
- the caller's descriptor stays open: send_fd_keeps_callers_fd_open
- an empty message: ValueError, nothing sent: send_fd_rejects_empty_message
- the peer closed first: EOFError: recv_fd_eof
- a message without a descriptor: ValueError: recv_fd_message_without_descriptor

Rules for every topic
- bad input gets the documented exception naming the value:
  bind_rejects_bad_paths, send_fd_rejects_bad_arguments,
  recv_fd_message_without_descriptor
- nothing the caller passes is destroyed (a regular file is never deleted
  to make room for a socket): bind_leaves_other_files_alone,
  close_leaves_replacement_alone, bind_refuses_live_socket
- a caller's socket keeps its timeout: fd_passing_keeps_socket_timeout
- sockets closed on every path: bind_refuses_live_socket,
  bind_leaves_other_files_alone, bind_rejects_bad_paths (no socket left
  open when bind_unix_listener raises), the unix_request checks above
- descriptors back to the baseline after a clean close, a reset, a broken
  pipe mid-echo, a client that never sends:
  serve_unix_echo_fds_back_after_every_way_of_leaving
- every timeout bounds every wait, the connect too: unix_request_connect_times_out,
  unix_request_times_out
- temporary paths only, servers and "other processes" in the sandbox.
"""
import contextlib
import errno
import os
import pathlib
import random
import socket
import stat
import traceback

import pytest

import echo_conformance as echo
from harness import deadline, expect_raises, run_sandboxed, runs_in, serve, topic
from harness.servers import short_temp_dir

unix = topic("unix_sockets")

QUICK = 1.0   # seconds for a call that never needs to wait
NET = 3.0     # seconds for a call that talks to a peer
TIMEOUT = echo.TIMEOUT        # the timeout passed where one must fire
UNIX_PATH_MAX = 107           # the contract's value, not read from the implementation


@pytest.fixture
def folder():
    """A short, empty temporary folder, removed afterwards."""
    with short_temp_dir() as path:
        yield path


def _listener(path, backlog: int = 8) -> socket.socket:
    """The check's own listener at ``path`` (the caller closes it)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(path)
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock


def _stale(path) -> None:
    """A stale socket file at ``path``: bound, then closed (the file stays)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(path)


def _reachable(listener, path) -> bool:
    """Whether a client can connect to ``path`` and ``listener`` accepts it."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(NET)
        try:
            client.connect(path)
        except OSError:
            return False
        listener.settimeout(NET)
        try:
            conn, _ = listener.accept()
        except OSError:
            return False
        conn.close()
        return True


def _state(path) -> dict:
    """Everything that says a file at ``path`` was left alone (not followed)."""
    st = os.lstat(path)
    state = {"type": stat.filemode(st.st_mode), "inode": st.st_ino, "device": st.st_dev,
             "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    if stat.S_ISLNK(st.st_mode):
        state["link text"] = os.readlink(path)
    elif stat.S_ISREG(st.st_mode):
        with open(path, "rb") as f:
            state["content"] = f.read()
    elif stat.S_ISDIR(st.st_mode):
        state["entries"] = sorted(os.listdir(path))
    return state


def _path_of(folder: str, size: int, fill: str = "a") -> str:
    """A path in ``folder`` that is exactly ``size`` bytes once encoded."""
    base = folder + "/"
    left = size - len(os.fsencode(base))
    width = len(fill.encode())
    return base + fill * (left // width) + "a" * (left % width)


# ---------------------------------------------------------- bind_unix_listener


@pytest.mark.points(2)
@pytest.mark.parametrize("kind", ["str", "pathlike"])
def test_bind_creates_listening_socket_file(folder, kind):
    """bind_unix_listener returns a listening AF_UNIX stream socket whose socket file is at path (str or PathLike).

    Hint: socket(AF_UNIX, SOCK_STREAM), bind(path), listen(backlog). bind
    takes a str or a path-like object (os.fspath or os.fsencode turn a
    pathlib.Path into what bind accepts).

    中文: 检查 bind_unix_listener 返回一个正在监听的 AF_UNIX
    流式套接字，路径上出现了它的套接字文件（路径可以是 str，也可以是
    PathLike）。

    提示: socket(AF_UNIX,
    SOCK_STREAM)、bind(路径)、listen(backlog)。路径可能是 str，也可能是
    pathlib.Path 这样的 PathLike 对象（os.fspath 或 os.fsencode 能把它变成
    bind 接受的形式）。
    """
    path = os.path.join(folder, "server.sock")
    arg = path if kind == "str" else pathlib.Path(path)
    call = f"bind_unix_listener({arg!r})"
    with deadline(QUICK, call):
        sock = unix.bind_unix_listener(arg)
    with sock:
        assert (sock.family, sock.type) == (socket.AF_UNIX, socket.SOCK_STREAM), (
            f"{call} returned a socket of family {sock.family!r}, type {sock.type!r}; "
            "expected AF_UNIX, SOCK_STREAM")
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1, (
            f"{call} returned a socket that is not listening: call listen()")
        assert sock.getblocking(), f"{call} returned a non-blocking socket; expected a blocking one"
        assert os.path.lexists(path) and stat.S_ISSOCK(os.lstat(path).st_mode), (
            f"after {call} there is no socket file at {path!r}")
        assert sock.getsockname() == path, (
            f"{call} returned a socket bound to {sock.getsockname()!r}, expected {path!r}")
        with deadline(NET, f"connecting to the listener of {call}"):
            reachable = _reachable(sock, path)
        assert reachable, f"a client could not connect to {path!r} and be accepted"


@pytest.mark.points(2)
def test_bind_replaces_stale_socket_file(folder):
    """bind_unix_listener removes a stale socket file (its server is gone) and binds.

    Hint: a socket file outlives its socket: binding to it again fails with
    "Address already in use". If a connect to it is refused, nobody listens:
    unlink it, then bind.

    中文: 检查路径上是残留的套接字文件（原来的服务已经不在了）时，bind_unix_listener
    会先删掉它，再绑定。

    提示: 套接字关闭后，套接字文件还留在那里：再次 bind 同一个路径会报“Address
    already in
    use”。如果连接它被拒绝（ConnectionRefusedError），说明没有人在监听：先
    unlink，再 bind。
    """
    path = os.path.join(folder, "stale.sock")
    _stale(path)
    call = f"bind_unix_listener({path!r}) over a stale socket file"
    with deadline(QUICK, call, "a stale socket refuses at once: don't wait on it"):
        try:
            sock = unix.bind_unix_listener(path)
        except OSError as exc:
            raise AssertionError(
                f"{call} raised {exc!r}; a socket file that refuses connections is "
                "stale: remove it, then bind") from None
    with sock:
        with deadline(NET, f"connecting to the listener of {call}"):
            reachable = _reachable(sock, path)
    assert reachable, f"after {call} a client could not connect to {path!r} and be accepted"


@pytest.mark.points(2)
def test_bind_refuses_live_socket(folder):
    """bind_unix_listener raises OSError EADDRINUSE for a live server's socket file and leaves it alone.

    Hint: connect to the socket file first: if the connect succeeds, a
    server lives there; removing its file would make it unreachable. Raise
    OSError(errno.EADDRINUSE, ...) and close the probe and your own socket.

    中文: 检查路径上是一个还有服务在监听的套接字文件时，bind_unix_listener
    抛出 errno 为 EADDRINUSE 的 OSError，并且不动这个文件。

    提示: 先尝试连接这个套接字文件：连得上，说明还有服务在那里；删掉它的文件，这个服务就再也没人连得上了。抛出
    OSError(errno.EADDRINUSE,
    ...)，并关闭用来探测的套接字和你自己创建的套接字。
    """
    path = os.path.join(folder, "live.sock")
    with _listener(path) as live:
        before_state = _state(path)
        before = echo.open_fds(runs_in(unix))
        call = f"bind_unix_listener({path!r}) where a live server listens"
        with deadline(QUICK, call):
            error = expect_raises(OSError, call, unix.bind_unix_listener, path)
        echo.no_leaked_socket(runs_in(unix), call, before, error)
        assert error.errno == errno.EADDRINUSE, (
            f"{call} raised {error!r}; expected OSError with errno EADDRINUSE "
            f"({errno.EADDRINUSE}): a live server's socket file is in use")
        assert _state(path) == before_state, (
            f"{call} changed the live server's socket file: {_state(path)} "
            f"instead of {before_state}: it must be left alone")
        with deadline(NET, "connecting to the live server after the refused bind"):
            reachable = _reachable(live, path)
        assert reachable, f"after {call} the live server at {path!r} is unreachable"


def test_bind_refuses_busy_live_socket():
    """bind_unix_listener raises EADDRINUSE at once when the live server's backlog is full.

    Hint: a blocking connect to a server whose accept queue is full waits
    until the server accepts, maybe forever. Probe with a non-blocking
    socket: a connect that would have to wait (BlockingIOError, EAGAIN)
    means a live server too.

    中文: 检查在监听的服务的 accept 队列已满时，bind_unix_listener 也立即抛出
    EADDRINUSE。

    提示: 服务端的 accept 队列满了的时候，阻塞的 connect 会一直等到服务端
    accept，可能永远等下去。用非阻塞套接字探测：connect 需要等待（抛出
    BlockingIOError，即 EAGAIN），同样说明那里有活着的服务。
    """
    with echo.unanswered_address("unix") as path:
        before_state = _state(path)
        call = f"bind_unix_listener({path!r}) where a live server's backlog is full"
        with deadline(QUICK, call, "probe with a non-blocking connect: never wait"):
            error = expect_raises(OSError, call, unix.bind_unix_listener, path)
        assert error.errno == errno.EADDRINUSE, (
            f"{call} raised {error!r}; expected OSError with errno EADDRINUSE: a "
            "connect that would wait for room in the backlog means a live server")
        assert _state(path) == before_state, f"{call} changed the live server's socket file"


def _put(kind: str, path: str, folder: str, stack):
    """Put a ``kind`` of file at ``path``; return (link target, live listener)."""
    target, live = None, None
    if kind == "regular-file":
        with open(path, "wb") as f:
            f.write(b"precious data\n\x00\xff")
    elif kind == "empty-file":
        open(path, "wb").close()
    elif kind == "directory":
        os.mkdir(path)
        with open(os.path.join(path, "keep.txt"), "wb") as f:
            f.write(b"keep me")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "dangling-symlink":
        os.symlink(os.path.join(folder, "nothing-here"), path)
    elif kind == "symlink-to-file":
        target = os.path.join(folder, "target.txt")
        with open(target, "wb") as f:
            f.write(b"the target's own data\n")
    elif kind == "symlink-to-live-socket":
        target = os.path.join(folder, "live.sock")
        live = stack.enter_context(_listener(target))
    elif kind == "symlink-to-stale-socket":
        target = os.path.join(folder, "stale.sock")
        _stale(target)
    if target:
        os.symlink(target, path)
    return target, live


IN_THE_WAY = ["regular-file", "empty-file", "directory", "fifo", "symlink-to-file",
              "symlink-to-live-socket", "symlink-to-stale-socket", "dangling-symlink"]


@pytest.mark.points(2)
@pytest.mark.parametrize("kind", IN_THE_WAY)
def test_bind_leaves_other_files_alone(folder, kind):
    """bind_unix_listener raises FileExistsError for anything but a socket file at path, and leaves it untouched.

    Hint: look with os.lstat, which does not follow a symbolic link;
    os.stat and os.path.exists look at the link's target. Only a socket
    file may ever be removed; a regular file, a directory, a FIFO or a link
    is somebody's data: raise FileExistsError and touch nothing.

    中文: 检查路径上不是套接字文件（普通文件、目录、FIFO、符号链接）时，bind_unix_listener
    抛出 FileExistsError，并且一个字节都不改动。

    提示: 用 os.lstat 查看，它不会跟随符号链接；os.stat 和 os.path.exists
    看的是链接指向的目标。只有套接字文件才可能被删除；普通文件、目录、FIFO、链接都是别人的数据：抛出
    FileExistsError，什么都不要碰。
    """
    path = os.path.join(folder, "server.sock")
    with contextlib.ExitStack() as stack:
        target, live = _put(kind, path, folder, stack)
        before_state = _state(path)
        target_state = _state(target) if target else None
        before = echo.open_fds(runs_in(unix))
        call = f"bind_unix_listener(path) where path is a {kind.replace('-', ' ')}"
        with deadline(QUICK, call, "don't open the file at path (a FIFO blocks): lstat it"):
            error = expect_raises(
                FileExistsError, call, unix.bind_unix_listener, path, other_hint=(
                    "only a socket file (os.lstat, not os.stat) is a candidate "
                    "for removal or EADDRINUSE"))
        echo.no_leaked_socket(runs_in(unix), call, before, error)
        assert os.path.lexists(path), f"{call} removed the {kind} at path"
        after = _state(path)
        assert after == before_state, (
            f"{call} changed what was at path: {after} instead of {before_state}")
        if target:
            assert _state(target) == target_state, f"{call} changed the link's target {target!r}"
        if live is not None:
            with deadline(NET, "connecting to the live server behind the link"):
                assert _reachable(live, target), f"after {call} the live server is unreachable"


@pytest.mark.points(2)
def test_bind_rejects_bad_paths(folder):
    """bind_unix_listener raises ValueError naming the path for an empty path or one longer than 107 bytes encoded.

    Hint: measure len(os.fsencode(path)), the bytes the kernel gets: "é" is
    one character but two bytes. sun_path holds 108 bytes with the
    terminating NUL, so 107 is the most; "" is not a path. Check before
    making a socket.

    中文: 检查路径为空、或编码后超过 107 个字节时，bind_unix_listener 抛出
    ValueError，并在消息里写出这个路径。

    提示: 要量的是
    len(os.fsencode(path))，也就是内核收到的字节数：“é”是一个字符，却是两个字节。sun_path
    一共 108 个字节，还要放结尾的 NUL，所以最多 107 个字节；""
    不是路径。在创建套接字之前就检查。
    """
    cases = [_path_of(folder, UNIX_PATH_MAX + 1), _path_of(folder, UNIX_PATH_MAX + 1, "é"),
             _path_of(folder, 300), "", b""]
    for path in cases:
        size = len(os.fsencode(path))
        before = echo.open_fds(runs_in(unix))
        call = f"bind_unix_listener(<{size}-byte path {path!r:.40}...>)"
        with deadline(QUICK, call):
            error = expect_raises(
                ValueError, call, unix.bind_unix_listener, path, other_hint=(
                    f"check len(os.fsencode(path)) against 1..{UNIX_PATH_MAX} "
                    "before binding"))
        echo.no_leaked_socket(runs_in(unix), call, before, error)
        text = str(error)
        assert repr(path) in text or (size and str(size) in text), (
            f"{call} raised ValueError({text!r}); the message should name the path "
            f"or give its length ({size} bytes)")
        if path:
            assert not os.path.lexists(path), f"{call} created something at the path"
    for bad in (42, None):
        call = f"bind_unix_listener({bad!r})"
        with deadline(QUICK, call):
            expect_raises(TypeError, call, unix.bind_unix_listener, bad)


def test_bind_accepts_107_byte_paths(folder):
    """bind_unix_listener accepts a path of exactly 107 bytes, ASCII or not.

    Hint: the limit is 107 bytes (> 107 is too long, 107 is fine), counted
    on the encoded path.

    中文: 检查正好 107 个字节的路径（无论是否全是 ASCII
    字符）bind_unix_listener 都能接受。

    提示: 上限是 107 个字节（大于 107 才算太长，107
    可以），按编码后的字节数计算。
    """
    for fill in ("a", "é"):
        path = _path_of(folder, UNIX_PATH_MAX, fill)
        call = f"bind_unix_listener(<107-byte path of {fill!r}s>)"
        with deadline(QUICK, call):
            try:
                sock = unix.bind_unix_listener(path)
            except (ValueError, OSError) as exc:
                raise AssertionError(
                    f"{call} raised {exc!r}; a path of exactly {UNIX_PATH_MAX} "
                    "bytes fits sun_path") from None
        with sock:
            assert stat.S_ISSOCK(os.lstat(path).st_mode), f"after {call} no socket file is at the path"
        os.unlink(path)


# ---------------------------------------------------------- close_unix_listener


def test_close_removes_socket_file(folder):
    """close_unix_listener closes the listener and removes its socket file.

    Hint: close() leaves the socket file behind; take the name with
    getsockname() while the socket is open, close, then unlink it.

    中文: 检查 close_unix_listener 关闭监听套接字，并删除它的套接字文件。

    提示: close() 不会删除套接字文件；趁套接字还开着，用
    getsockname()取得路径，关闭之后再 unlink 它。
    """
    path = os.path.join(folder, "server.sock")
    sock = _listener(path)
    with sock:
        with deadline(QUICK, "close_unix_listener(sock)"):
            unix.close_unix_listener(sock)
        assert sock.fileno() == -1, "close_unix_listener(sock) left the socket open"
    assert not os.path.lexists(path), (
        f"after close_unix_listener(sock) the socket file {path!r} is still there: "
        "the next bind to it would fail with EADDRINUSE")


def test_close_tolerates_missing_file(folder):
    """close_unix_listener closes the listener when its socket file is already gone.

    Hint: somebody may have removed the file; FileNotFoundError from the
    unlink is fine: catch it (or check first).

    中文: 检查套接字文件已经不在时，close_unix_listener
    照样关闭监听套接字，不报错。

    提示: 文件可能已经被别人删掉了；unlink 时出现 FileNotFoundError
    没关系：捕获它（或者先检查）。
    """
    path = os.path.join(folder, "server.sock")
    sock = _listener(path)
    with sock:
        os.unlink(path)
        with deadline(QUICK, "close_unix_listener(sock) after its file was removed"):
            try:
                unix.close_unix_listener(sock)
            except OSError as exc:
                raise AssertionError(
                    f"close_unix_listener(sock) raised {exc!r} because the socket file "
                    "was already gone; that is not an error") from None
        assert sock.fileno() == -1, "close_unix_listener(sock) left the socket open"


def test_close_leaves_replacement_alone(folder):
    """close_unix_listener removes the path only if it is still a socket file.

    Hint: between bind and close somebody may have put their own file at the
    path: lstat it and unlink only a socket file.

    中文: 检查只有当路径上仍然是套接字文件时，close_unix_listener 才删除它。

    提示: 从 bind 到 close 之间，别人可能在这个路径上放了自己的文件：先
    lstat，只删除套接字文件。
    """
    path = os.path.join(folder, "server.sock")
    sock = _listener(path)
    with sock:
        os.unlink(path)
        with open(path, "wb") as f:
            f.write(b"not a socket: somebody else's file")
        before_state = _state(path)
        with deadline(QUICK, "close_unix_listener(sock)"):
            unix.close_unix_listener(sock)
        assert sock.fileno() == -1, "close_unix_listener(sock) left the socket open"
    assert os.path.lexists(path) and _state(path) == before_state, (
        "close_unix_listener(sock) removed or changed a regular file that was put at "
        "the listener's path after binding: unlink only a socket file")


# ---------------------------------------------------------- unix_request


@pytest.mark.points(2)
def test_unix_request_returns_reply():
    """unix_request sends, shuts down writing, and returns what the server sent back.

    Hint: as tcp.echo_client: this server answers only after it reads end of
    stream, so call shutdown(socket.SHUT_WR) after sending, then read until
    b''.

    中文: 检查 unix_request 发送数据、关闭写端，并返回服务端发回的内容。

    提示: 和 tcp.echo_client
    一样：这个服务端读到流结束（EOF）才回答，所以发完之后要调用
    shutdown(socket.SHUT_WR)，然后一直读到 b''。
    """
    with serve(echo.reply_after_eof_server, kind="unix") as server:
        for payload in (b"hello", b"", random.Random(4).randbytes(5000)):
            call = f"unix_request(path, <{len(payload)} bytes>)"
            with deadline(NET, call, "did the client shutdown(SHUT_WR) after sending?"):
                got = unix.unix_request(server.address, payload, timeout=5.0)
            expected = echo.reply_for(payload)
            assert got == expected, (
                f"{call} against a server that answers {expected[:30]!r}... returned "
                f"{got[:30]!r}... ({len(got)} bytes, expected {len(expected)})")


@pytest.mark.parametrize("size", [1, 64 * 1024])
def test_unix_request_payload_sizes(size):
    """unix_request gets back every byte of payloads up to 64 KiB, with a str or a PathLike path.

    Hint: read until recv returns b''; connect takes os.fspath(path) (or
    os.fsencode(path)) for a pathlib.Path.

    中文: 检查不超过 64 KiB 的 payload，unix_request
    都能收回每一个字节，路径是 str 或 PathLike 都行。

    提示: 一直读到 recv 返回 b''；路径是 pathlib.Path 时，connect 用
    os.fspath(path)（或 os.fsencode(path)）。
    """
    payload = echo.payload_for(size, size)
    with serve(echo.reference_echo_server, kind="unix") as server:
        for path in (server.address, pathlib.Path(server.address)):
            call = f"unix_request({path!r}, <{size} bytes>)"
            with deadline(NET, call):
                got = unix.unix_request(path, payload)
            assert got == payload, (
                f"{call} against an echo server returned {len(got)} bytes"
                f"{' (different ones)' if len(got) == size else ''}; expected the payload back")


@pytest.mark.points(2)
def test_unix_request_connect_times_out():
    """unix_request's timeout bounds the connect: TimeoutError after about timeout seconds, socket closed.

    Hint: a Unix connect to a listener whose backlog is full waits. With
    settimeout it fails at once with BlockingIOError (the socket is
    non-blocking inside); with no timeout it waits forever. Connect on a
    blocking socket with SO_SNDTIMEO set to the timeout and turn its
    BlockingIOError (EAGAIN) into TimeoutError.

    中文: 检查 unix_request 的 timeout 也限制 connect：大约 timeout 秒后抛出
    TimeoutError，并关闭套接字。

    提示: 本地套接字连接一个 accept 队列已满的服务端时，connect 会等待。调用过
    settimeout 的套接字在内部是非阻塞的，会立即抛出
    BlockingIOError；不设超时则会一直等下去。应该在阻塞套接字上把 SO_SNDTIMEO
    设为 timeout 再 connect，把它抛出的 BlockingIOError（EAGAIN）转换成
    TimeoutError。
    """
    with echo.unanswered_address("unix") as path:
        call = f"unix_request(path, b'hi', timeout={TIMEOUT}) to a listener whose backlog is full"
        before = echo.open_fds(runs_in(unix))
        error = echo.times_out(call, unix.unix_request, path, b"hi", timeout=TIMEOUT)
        echo.no_leaked_socket(runs_in(unix), call, before, error)


def test_unix_request_times_out(folder):
    """unix_request raises TimeoutError when the server never answers, and closes its socket.

    Hint: the timeout bounds each wait for data too (settimeout after the
    connect); `with socket.socket(...) as sock:` closes it when the
    TimeoutError leaves the function.

    中文: 检查服务端一直不回答时，unix_request 抛出
    TimeoutError，并关闭自己的套接字。

    提示: timeout 也要限制每一次等待数据（连上之后调用 settimeout）；用 with
    socket.socket(...) as sock:，TimeoutError 离开函数时套接字会被关闭。
    """
    path = os.path.join(folder, "silent.sock")
    with _listener(path) as silent:  # never accepts during the call, never answers
        call = f"unix_request(path, b'hi', timeout={TIMEOUT}) against a server that never answers"
        error = echo.times_out(call, unix.unix_request, path, b"hi", timeout=TIMEOUT)
        silent.settimeout(NET)
        with deadline(NET, "accepting the client that timed out"):
            conn, _ = silent.accept()
        with conn:
            closed = echo.peer_closed(conn)
        traceback.clear_frames(error.__traceback__)
    assert closed, (
        f"{call} raised TimeoutError but its socket is still open (the server "
        "side can still send to it): close the socket on every path")


@pytest.mark.parametrize("case", ["missing", "stale"])
def test_unix_request_connect_errors(folder, case):
    """unix_request raises FileNotFoundError for no file, ConnectionRefusedError for a stale one, and closes its socket.

    Hint: let connect's error propagate, but close the socket first: connect
    inside `with socket.socket(...) as sock:`.

    中文: 检查路径上没有文件时 unix_request 抛出
    FileNotFoundError，是残留的套接字文件时抛出
    ConnectionRefusedError，并且都关闭了套接字。

    提示: 让 connect 的异常抛出去，但先关闭套接字：把 connect 写在 with
    socket.socket(...) as sock: 里面。
    """
    path = os.path.join(folder, "server.sock")
    expected = FileNotFoundError
    if case == "stale":
        _stale(path)
        expected = ConnectionRefusedError
    call = f"unix_request(path, b'hi', timeout={TIMEOUT}) with a {case} socket file"
    before = echo.open_fds(runs_in(unix))
    with deadline(NET, call):
        error = expect_raises(expected, call, unix.unix_request, path, b"hi", timeout=TIMEOUT)
    echo.no_leaked_socket(runs_in(unix), call, before, error)


# ---------------------------------------------------------- serve_unix_echo


@pytest.mark.points(2)
def test_serve_unix_echo_conformance():
    """serve_unix_echo echoes as data arrives, 64 KiB too, to one client after another.

    Hint: the same loop as tcp.serve_echo: accept, recv/sendall until
    b'', close the client socket, accept the next.

    中文: 检查 serve_unix_echo 收到数据就回显（64 KiB
    也一样），并一个接一个地服务客户端。

    提示: 和 tcp.serve_echo 是同一个循环：accept，循环 recv/sendall 直到
    b''，关闭客户端套接字，再 accept 下一个。
    """
    with serve(unix.serve_unix_echo, kind="unix") as server:
        with deadline(4 * NET, "clients of serve_unix_echo"):
            echo.check_echo_one_client(server)
            echo.check_echo_interactive(server)
            echo.check_echo_large_payload(server)
            echo.check_echo_sequential_clients(server, 30)


@pytest.mark.points(2)
def test_serve_unix_echo_survives_broken_pipe():
    """serve_unix_echo keeps serving after clients leave while it is sending their echo.

    Hint: a send to a Unix peer that has closed raises BrokenPipeError; a
    recv after a peer closed with unread data raises ConnectionResetError.
    Catch both, per client.

    中文: 检查客户端在 serve_unix_echo 发送回显时离开，服务端仍然继续服务。

    提示: 向已经关闭的本地套接字对端发送会抛出
    BrokenPipeError；对端带着未读数据关闭后再 recv 会抛出
    ConnectionResetError。对每个客户端，两种都要捕获。
    """
    with serve(unix.serve_unix_echo, kind="unix") as server:
        with deadline(3 * NET, "serve_unix_echo after clients left while it was sending"):
            echo.check_survives_broken_pipe(server)


@pytest.mark.parametrize("way", list(echo.LEAVES))
def test_serve_unix_echo_fds_back_after_every_way_of_leaving(way):
    """serve_unix_echo's descriptors are back at the baseline after each client, however it leaves.

    Hint: close the client socket on every way out of its session (a clean
    end, a reset, a broken pipe, a client that never sent anything): `with
    conn:` around the whole session.

    中文: 检查无论客户端以哪种方式离开（正常关闭、重置、管道破裂、从不发送数据），serve_unix_echo
    的文件描述符数目都回到基线。

    提示: 会话的每一种结束方式都要关闭客户端套接字：用 with
    conn:包住整个会话。
    """
    with serve(unix.serve_unix_echo, kind="unix") as server:
        with deadline(4 * NET, f"serve_unix_echo with clients leaving ({way})"):
            echo.check_fds_after_leaving(server, way)


# ---------------------------------------------------------- send_fd / recv_fd
#
# Descriptor numbers mean something only in their own process: every call
# that takes one (send_fd) or returns one (recv_fd) runs in a sandboxed
# child, which inherits the check's descriptors under the same numbers
# (and so works unchanged in sealed mode, where the implementation's other
# calls run in a separate host process).


@contextlib.contextmanager
def _pair_and_file(folder):
    """A connected Unix socket pair (with timeouts) and an empty file open for writing."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    fd = os.open(os.path.join(folder, "shared.txt"), os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        a.settimeout(NET)
        b.settimeout(NET)
        yield a, b, fd
    finally:
        a.close()
        b.close()
        os.close(fd)


def _identity(fd: int):
    """(st_dev, st_ino) of an open descriptor, or None if it is closed."""
    try:
        st = os.fstat(fd)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _write_through(fd: int, data: bytes):
    """Write ``data`` through ``fd``, close it; its (st_dev, st_ino), or the error."""
    try:
        os.write(fd, data)
        return _identity(fd)
    except OSError as exc:
        return repr(exc)
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)


def _send_fd_in_child(sock_fd: int, fd: int, message, timeout: float = NET):
    """In another process: the implementation's send_fd on a socket with
    ``timeout``; then whether ``fd`` is still open there, and the timeout."""
    with socket.socket(fileno=os.dup(sock_fd)) as sock:
        sock.settimeout(timeout)
        unix.send_fd(sock, fd, message)
        after = sock.gettimeout()
    return _identity(fd), after


def _send_fd_bad_calls(sock_fd: int, fd: int):
    """In another process: send_fd with bad arguments; what each one raised."""
    results = []
    with socket.socket(fileno=os.dup(sock_fd)) as sock:
        sock.settimeout(NET)
        for bad_fd, message in [(True, b"x"), ("3", b"x"), (-1, b"x"), (fd, "text")]:
            try:
                unix.send_fd(sock, bad_fd, message)
            except Exception as exc:  # noqa: BLE001 - reported to the check
                results.append((bad_fd, message, type(exc).__name__, str(exc)))
            else:
                results.append((bad_fd, message, None, ""))
    return results


def _recv_fd_in_child(sock_fd: int, inherited: int, data: bytes, timeout: float = NET):
    """In another process: the implementation's recv_fd on a socket with
    ``timeout``, then ``data`` written through what it returned."""
    os.close(inherited)  # the passed descriptor must be the only way to the file
    with socket.socket(fileno=os.dup(sock_fd)) as sock:
        sock.settimeout(timeout)
        fd, message = unix.recv_fd(sock)
        after = sock.gettimeout()
    if isinstance(fd, bool) or not isinstance(fd, int):
        return message, repr(fd), None, after
    return message, fd, _write_through(fd, data), after


def _received(b):
    """What the check's own receiver (socket.recv_fds) finds on ``b`` now:
    (message, descriptors), or None when nothing is there."""
    b.setblocking(False)
    try:
        message, fds, _flags, _addr = socket.recv_fds(b, 1024, 4)
    except BlockingIOError:
        return None
    finally:
        b.settimeout(NET)
    return message, fds


def _same_open_file(call: str, fd: int, identity, data: bytes) -> None:
    assert isinstance(identity, tuple), (
        f"{call}: writing through the descriptor passed failed ({identity})")
    assert identity == _identity(fd), (
        f"{call}: the descriptor passed is file {identity}, not the sender's file "
        f"{_identity(fd)} (st_dev, st_ino)")
    assert os.pread(fd, 100, 0) == data, (
        f"{call}: {data!r} was written through the descriptor passed; the file "
        f"holds {os.pread(fd, 100, 0)!r}")
    offset = os.lseek(fd, 0, os.SEEK_CUR)
    assert offset == len(data), (
        f"{call}: the file offset of the sender's descriptor is {offset} after "
        f"{len(data)} bytes were written through the one passed: SCM_RIGHTS "
        "passes the same open file (one shared offset), not the file opened again")


@pytest.mark.points(2)
def test_send_fd_passes_open_file_to_another_process(folder):
    """send_fd, in another process, passes an open file that the check receives (socket.recv_fds) and writes through.

    Hint: the descriptor travels as SCM_RIGHTS ancillary data:
    sock.sendmsg([message], [(SOL_SOCKET, SCM_RIGHTS, array("i", [fd]))])
    or socket.send_fds(sock, [message], [fd]). The number alone (str(fd))
    means nothing in another process.

    中文: 检查在另一个进程里调用 send_fd 传出的打开文件，检查程序（用
    socket.recv_fds）能收到并通过它写入。

    提示: 文件描述符作为 SCM_RIGHTS 辅助数据传递：sock.sendmsg([message],
    [(SOL_SOCKET, SCM_RIGHTS, array("i", [fd]))])，或者 socket.send_fds(sock,
    [message], [fd])。只把数字（str(fd)）发过去，在另一个进程里毫无意义。
    """
    data = b"written through the descriptor passed\n"
    with _pair_and_file(folder) as (a, b, fd):
        call = "send_fd(sock, fd, b'log') in another process"
        run_sandboxed(_send_fd_in_child, a.fileno(), fd, b"log", timeout=2 * NET, what=call)
        got = _received(b)
        assert got is not None, f"{call} sent nothing"
        message, fds = got
        for extra in fds[1:]:
            os.close(extra)
        assert len(fds) == 1, (
            f"{call}: socket.recv_fds received {len(fds)} descriptors with the "
            f"message {message!r}; expected one, sent as SCM_RIGHTS ancillary data")
        assert message == b"log", f"{call}: the message arrived as {message!r}, expected b'log'"
        _same_open_file(call, fd, _write_through(fds[0], data), data)


def test_send_fd_keeps_callers_fd_open(folder):
    """send_fd leaves the caller's descriptor open, still the same file.

    Hint: the peer gets its own descriptor; yours stays yours: don't close it
    in send_fd (the caller decides when).

    中文: 检查 send_fd
    之后，调用者自己的文件描述符仍然打开，而且还是原来那个文件。

    提示: 对方拿到的是它自己的描述符；你的仍然归你：不要在 send_fd
    里关闭它（何时关闭由调用者决定）。
    """
    with _pair_and_file(folder) as (a, b, fd):
        call = "send_fd(sock, fd, b'x')"
        still, _ = run_sandboxed(_send_fd_in_child, a.fileno(), fd, b"x", timeout=2 * NET,
                                 what=call)
        got = _received(b)
        for received in got[1] if got else []:
            os.close(received)
        assert still is not None, f"after {call} the caller's fd is closed"
        assert still == _identity(fd), f"after {call} the caller's fd refers to another file"


def test_send_fd_rejects_empty_message(folder):
    """send_fd raises ValueError for an empty message and sends nothing.

    Hint: on a stream socket Linux drops a descriptor sent with no data
    byte: sendmsg returns 0 and the peer gets nothing. Refuse b'' before
    sending.

    中文: 检查消息为空时 send_fd 抛出 ValueError，而且什么也不发送。

    提示: 在流式套接字上，没有数据字节的描述符会被 Linux 丢掉：sendmsg 返回
    0，对方什么也收不到。发送之前就拒绝 b''。
    """
    with _pair_and_file(folder) as (a, b, fd):
        call = "send_fd(sock, fd, b'')"
        expect_raises(ValueError, call, run_sandboxed, _send_fd_in_child, a.fileno(), fd, b"",
                timeout=2 * NET, what=call)
        got = _received(b)
        for received in got[1] if got else []:
            os.close(received)
        assert got is None, f"{call} raised ValueError but sent {got[0]!r} first"


def test_send_fd_rejects_bad_arguments(folder):
    """send_fd raises TypeError for a non-int (or bool) fd or a str message, ValueError for a negative fd.

    Hint: True is an int in Python: as a descriptor it would pass stdout (1).
    Check the types first, and name the bad value in the message.

    中文: 检查 fd 不是 int（或是 bool）、消息是 str 时 send_fd 抛出
    TypeError，fd 为负数时抛出 ValueError。

    提示: 在 Python 里 True 也是
    int：当作描述符会把标准输出（1）传过去。先检查类型，并在消息里写出错误的值。
    """
    expected = {True: "TypeError", "3": "TypeError", -1: "ValueError", "text": "TypeError"}
    with _pair_and_file(folder) as (a, b, fd):
        results = run_sandboxed(_send_fd_bad_calls, a.fileno(), fd, timeout=2 * NET,
                                what="send_fd with bad arguments")
        got = _received(b)
        for received in got[1] if got else []:
            os.close(received)
    for bad_fd, message, raised, text in results:
        bad = message if message == "text" else bad_fd
        call = f"send_fd(sock, {'fd' if bad_fd == fd else repr(bad_fd)}, {message!r})"
        want = expected[bad]
        if raised == "NotImplementedError":   # a stub: say so, as every check does
            stub = NotImplementedError(text)
            stub.netlab_origin = "unix_sockets.send_fd"
            raise stub
        assert raised == want, (
            f"{call} {'returned' if raised is None else 'raised ' + raised}; expected "
            f"{want}: check the arguments before sending")
        assert repr(bad) in text or type(bad).__name__ in text, (
            f"{call} raised {raised}({text!r}); the message should name the bad value {bad!r}")
    assert got is None, f"send_fd sent {got[0]!r} for arguments it should have refused"


@pytest.mark.points(2)
def test_recv_fd_receives_open_file_in_another_process(folder):
    """recv_fd, in another process, returns a descriptor of the sender's open file (sent with socket.send_fds) and the message.

    Hint: recvmsg with room for one descriptor's ancillary data
    (socket.recv_fds(sock, bufsize, 1)); the descriptor comes in the
    SCM_RIGHTS control message, not in the data.

    中文: 检查在另一个进程里，recv_fd 返回指向发送方打开文件（用
    socket.send_fds 发出）的描述符和消息。

    提示: 用 recvmsg 并为一个描述符的辅助数据留出空间（socket.recv_fds(sock,
    bufsize, 1)）；描述符在 SCM_RIGHTS 控制消息里，不在数据里。
    """
    data = b"written through the received descriptor\n"
    with _pair_and_file(folder) as (a, b, fd):
        socket.send_fds(a, [b"take it"], [fd])
        call = "recv_fd(sock) in another process"
        message, got, identity, _ = run_sandboxed(
            _recv_fd_in_child, b.fileno(), fd, data, timeout=2 * NET, what=call)
        assert message == b"take it", f"{call} returned the message {message!r}, expected b'take it'"
        assert isinstance(identity, tuple), (
            f"{call} returned the descriptor {got!r}; writing through it failed "
            f"({identity}): return the descriptor from the SCM_RIGHTS control message")
        _same_open_file(call, fd, identity, data)


def test_recv_fd_eof(folder):
    """recv_fd raises EOFError when the peer closed before sending anything.

    Hint: recvmsg returns no data and no descriptor at end of stream: that
    is EOFError, not a message without a descriptor.

    中文: 检查对方什么都没发就关闭时，recv_fd 抛出 EOFError。

    提示: 流结束时 recvmsg 既没有数据也没有描述符：这是
    EOFError，不是“没有描述符的消息”。
    """
    with _pair_and_file(folder) as (a, b, _fd):
        a.close()
        call = "recv_fd(sock) after the peer closed"
        with deadline(QUICK, call, "at end of stream recvmsg returns b'' at once"):
            expect_raises(EOFError, call, unix.recv_fd, b)


def test_recv_fd_message_without_descriptor(folder):
    """recv_fd raises ValueError naming the message when it came without a descriptor.

    Hint: check that a descriptor arrived before taking it (fds may be
    empty): an IndexError is not the documented error.

    中文: 检查消息没有附带描述符时，recv_fd 抛出
    ValueError，并在消息里写出收到的内容。

    提示: 取描述符之前先检查它是否真的到了（fds 可能是空的）：IndexError
    不是文档规定的异常。
    """
    with _pair_and_file(folder) as (a, b, _fd):
        a.sendall(b"just text")
        call = "recv_fd(sock) on the message b'just text' without a descriptor"
        with deadline(QUICK, call):
            error = expect_raises(ValueError, call, unix.recv_fd, b)
        assert "just text" in str(error), (
            f"{call} raised ValueError({str(error)!r}); the message should name what "
            "arrived (b'just text')")


def test_fd_passing_keeps_socket_timeout(folder):
    """send_fd and recv_fd leave the caller's socket timeout as it was.

    Hint: they borrow the caller's socket: don't call settimeout or
    setblocking on it.

    中文: 检查 send_fd 和 recv_fd 不改变调用者套接字的超时设置。

    提示: 它们只是借用调用者的套接字：不要对它调用 settimeout 或 setblocking。
    """
    with _pair_and_file(folder) as (a, b, fd):
        _, after = run_sandboxed(_send_fd_in_child, a.fileno(), fd, b"fd", 2.5,
                                 timeout=2 * NET, what="send_fd(sock, fd)")
        assert after == 2.5, f"send_fd on a socket with timeout 2.5 left it with timeout {after!r}"
        _, _, _, after = run_sandboxed(_recv_fd_in_child, b.fileno(), fd, b"", 2.5,
                                       timeout=2 * NET, what="recv_fd(sock)")
        assert after == 2.5, f"recv_fd on a socket with timeout 2.5 left it with timeout {after!r}"
