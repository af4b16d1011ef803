"""Unix domain sockets: a stream between processes on one machine, named by a file.

An ``AF_UNIX`` stream socket works like a TCP socket (listen, accept,
connect, recv, send, shutdown, EOF as ``b""``), but its address is a path
in the file system instead of an (IP, port) pair, and the data never leaves
the kernel: no network, no checksums, no ports. ``bind`` creates a *socket
file* at the path (``ls -l`` shows type ``s``); clients ``connect`` to that
path. The file is only a name: nothing is ever written to disk.

The socket file outlives the socket. Closing the listener does not remove
it, and the next ``bind`` to the same path fails with ``EADDRINUSE``
("Address already in use") even though nobody listens there any more: a
*stale* socket file. A server therefore removes a stale file before binding,
and removes its own file when it closes. Removing must be careful:

- a stale socket file (``connect`` to it is refused) may be removed;
- a socket file a live server listens on must be left alone (that server
  would become unreachable), so binding fails with ``EADDRINUSE``;
- anything else at the path (a regular file, a directory, a FIFO, a
  symbolic link, even one pointing to a socket) is somebody's data: refuse
  with ``FileExistsError`` and touch nothing. Use ``os.lstat``, which looks
  at the link itself, never ``os.stat`` or ``os.path.exists``, which follow
  it.

``sun_path`` holds 108 bytes on Linux, including the terminating NUL, so a
path may have at most ``UNIX_PATH_MAX`` = 107 bytes once encoded
(``os.fsencode``): count bytes, not characters ("é" is two bytes in UTF-8).

Connecting to a listener whose accept queue (backlog) is full *waits* on
Linux, as long as the socket's send timeout (``SO_SNDTIMEO``) allows, and
then fails with ``EAGAIN``; a socket with a Python timeout is non-blocking
inside, so its connect fails with ``BlockingIOError`` at once.

Unix sockets can also carry open file descriptors from one process to
another (``SCM_RIGHTS`` ancillary data, ``socket.send_fds`` and
``socket.recv_fds``): the receiver gets a new descriptor for the *same*
open file (same file offset, same flags), as if the two processes had
shared it through ``fork``. A descriptor number alone means nothing in
another process; sending ``str(fd)`` passes nothing.

中文概述: 本节对应笔记里的“本地套接字”。本地套接字 (AF_UNIX) 用于同一台机器
上不同进程之间的通信（笔记说“本地文件不同程序间进行数据传输”：数据并不经过文
件，套接字文件只是一个名字，也就是地址，数据始终在内核里）。流程和 TCP 一样：
socket(AF_UNIX, SOCK_STREAM)、bind(路径)、listen、accept、recv/send。笔记说
“绑定套接字文件，如果文件不存在则自动创建，存在则报错”，这只说对了一半：bind
会创建套接字文件（ls -l 看到的文件类型是 s），但关闭套接字时这个文件并不会消
失，下次再 bind 同一个路径就会报 “Address already in use”，哪怕已经没有任何
服务在监听，这就是残留的（stale）套接字文件。所以服务端在 bind 之前要删掉残留
的套接字文件，关闭时删掉自己的套接字文件；但删之前必须确认：只有“连接被拒绝”
的套接字文件才是残留的；还有服务在监听的套接字文件不能删（EADDRINUSE）；普通
文件、目录、FIFO、符号链接（哪怕指向套接字）都是别人的东西，一律报
FileExistsError，原样不动（用 os.lstat，不要用会跟随链接的 os.stat 或
os.path.exists）。路径编码后最多 107 个字节（按字节算，不是按字符）。本地套接
字还能用 SCM_RIGHTS 把打开的文件描述符传给另一个进程：对方得到的是同一个打开
的文件；只把描述符的数字发过去是没有用的。
"""
# Strategy: look before you leap, with lstat. Whatever is at the path is
# classified first (nothing, a socket file, anything else); only a socket
# file whose connect is refused is removed. Every function that makes a
# socket closes it on every error path (`with`, or try/except around the
# hand-over). The connect of unix_request is bounded with SO_SNDTIMEO,
# which the kernel honours for a Unix connect waiting on a full backlog.
import array
import errno
import os
import socket
import stat
import struct
from typing import NoReturn

UNIX_PATH_MAX = 107
"""The most bytes a socket path may have on Linux (sun_path is 108 with its NUL)."""

CHUNK = 65536
MAX_MESSAGE = 4096  # the most bytes recv_fd takes with one descriptor


def _encoded_path(path) -> bytes:
    """The path as the kernel sees it; ValueError for an empty or too long one."""
    encoded = os.fsencode(path)  # TypeError for anything that is not a path
    if not encoded:
        raise ValueError(f"empty socket path: {path!r}")
    if len(encoded) > UNIX_PATH_MAX:
        raise ValueError(
            f"socket path of {len(encoded)} bytes is longer than UNIX_PATH_MAX "
            f"({UNIX_PATH_MAX}): {path!r}")
    return encoded


def _is_live(encoded: bytes) -> bool:
    """Whether a server accepts connections on the socket file (never blocks).

    A refused connect means a stale file; a connect that succeeds, or that
    would have to wait for room in a full backlog (EAGAIN), means a live one.
    A socket of another type bound there (EPROTOTYPE) is live too.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.setblocking(False)
        try:
            probe.connect(encoded)
        except ConnectionRefusedError:
            return False
        except (BlockingIOError, InterruptedError):
            return True
        except OSError as exc:
            if exc.errno == errno.EPROTOTYPE:
                return True
            raise
        return True


def bind_unix_listener(path, backlog: int = 128) -> socket.socket:
    """Create an AF_UNIX stream listener bound to ``path``.

    What is at ``path`` decides what happens (``os.lstat``: a symbolic link
    is looked at itself, never followed):

    - nothing: the socket file is created there;
    - a stale socket file (a connect to it is refused: its server is gone):
      it is removed, then bound anew;
    - a socket file a live server listens on (a connect succeeds or would
      wait for room in its backlog): ``OSError`` with ``errno.EADDRINUSE``,
      and the file is left alone. Finding this out never blocks;
    - anything else (a regular file, a directory, a FIFO, a device, a
      symbolic link, even one that points to a socket): ``FileExistsError``,
      and it is left untouched (content, inode, link target).

    Args:
        path: where the socket file goes: a ``str`` or ``os.PathLike``
            (``bytes`` work too). Abstract-namespace names are out of scope.
        backlog: passed to ``listen``.

    Returns:
        The listening socket (blocking). Close it with
        ``close_unix_listener``, which also removes the file.

    Raises:
        ValueError: the path encoded with ``os.fsencode`` is empty or longer
            than ``UNIX_PATH_MAX`` (107) bytes; the message names the path
            and its length in bytes.
        TypeError: ``path`` is not a path.
        OSError: ``errno.EADDRINUSE`` for a live server's socket file;
            ``FileExistsError`` for anything else in the way; and what
            ``bind`` raises otherwise (``FileNotFoundError`` for a missing
            directory, ``PermissionError``, ...).

    No socket is left open when it raises.
    """
    encoded = _encoded_path(path)
    _clear_path(encoded, path)
    return _listen_at(encoded, backlog)


def _clear_path(encoded: bytes, path) -> None:
    """Make room at the path for a new socket file, or raise (see above)."""
    try:
        mode = os.lstat(encoded).st_mode  # the link itself, never its target
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise FileExistsError(
            errno.EEXIST, f"not a socket file, left as it is ({stat.filemode(mode)})", path)
    if _is_live(encoded):
        raise OSError(errno.EADDRINUSE,
                      "a live server listens on this socket file, left as it is", path)
    try:
        os.unlink(encoded)  # stale: its server is gone
    except FileNotFoundError:
        pass


def _listen_at(encoded: bytes, backlog: int) -> socket.socket:
    """A new listener bound to the (free) path; nothing left open on failure."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(encoded)
        try:
            sock.listen(backlog)
        except BaseException:
            os.unlink(encoded)  # ours, just made
            raise
    except BaseException:
        sock.close()
        raise
    return sock


def close_unix_listener(sock) -> None:
    """Close a listener made by ``bind_unix_listener`` and remove its socket file.

    The file is removed only if it is still a socket file (``os.lstat``):
    something else put at the path after binding (a regular file, say) is
    left alone, and a file that is already gone is not an error. Calling it
    again on the closed socket does nothing. (A file's type is all the path
    tells: a socket file another server bound there after yours was removed
    would be removed too.)

    Args:
        sock: the listener.

    Returns:
        None.
    """
    if sock.fileno() == -1:
        return  # already closed: its name can no longer be asked for
    name = sock.getsockname()
    sock.close()
    if not name or (isinstance(name, bytes) and name.startswith(b"\0")):
        return  # unbound, or an abstract name: no file
    try:
        if stat.S_ISSOCK(os.lstat(name).st_mode):
            os.unlink(name)
    except FileNotFoundError:
        pass


def _connect_within(sock, path, timeout: float) -> None:
    """connect(), waiting at most ``timeout`` seconds for room in the backlog.

    With a Python timeout the socket is non-blocking inside and a full
    backlog fails at once with EAGAIN; a blocking socket waits, as long as
    its SO_SNDTIMEO allows (socket(7)), then fails with EAGAIN too.
    """
    seconds, fraction = divmod(timeout, 1)
    micros = max(1, int(fraction * 1_000_000)) if seconds == 0 else int(fraction * 1_000_000)
    # struct timeval; a zero timeval would mean "wait forever"
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO,
                    struct.pack("@ll", int(seconds), micros))
    try:
        sock.connect(os.fsencode(path))
    except BlockingIOError:
        raise TimeoutError(
            f"connecting to {path!r}: no room in the server's backlog within "
            f"{timeout} s") from None


def unix_request(path, payload: bytes, timeout: float = 5.0) -> bytes:
    """Send ``payload`` to the server at the socket file ``path``; return its reply.

    ``tcp.echo_client`` over a Unix socket: connects, sends the whole
    payload, shuts down its writing side (``SHUT_WR``), reads until the
    server closes, closes the socket, returns what came back.

    ``timeout`` bounds the connect and each wait for data. A server whose
    backlog is full makes a Unix connect wait: that wait is bounded too (on
    a socket with a Python timeout, connect would fail at once with
    ``BlockingIOError``; a blocking socket with ``SO_SNDTIMEO`` waits at
    most that long, then fails with ``EAGAIN``).

    Args:
        path: the server's socket file (``str`` or ``os.PathLike``).
        payload: the bytes to send; up to 64 KiB must work (may be empty).
        timeout: seconds allowed for the connect and for each wait for data
            (a positive number).

    Returns:
        The bytes the server sent back before closing.

    Raises:
        TimeoutError: the connect, or a wait for data, took longer than
            ``timeout``.
        ValueError / TypeError: ``timeout`` is not a positive number.
        FileNotFoundError: nothing at ``path``.
        ConnectionRefusedError: a stale socket file (or a file that is no
            socket) at ``path``.
        Other socket errors propagate. The socket is closed in every case.
    """
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {timeout!r}")
    if not timeout > 0:
        raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        _connect_within(sock, path, timeout)
        sock.settimeout(timeout)
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)  # "I am done": the server reads b""
        chunks = []
        while chunk := sock.recv(CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)


def serve_unix_echo(listener) -> NoReturn:
    """Serve clients one after another on a Unix listener, echoing what each sends.

    ``tcp.serve_echo`` over a Unix socket (the same loop works for both):
    accept one client, send back every byte it sends, as it arrives, until
    it shuts down its writing side, close its socket, accept the next;
    forever. A client that leaves early (``ConnectionResetError`` when it
    closed with unread echo, ``BrokenPipeError`` when it is gone while the
    server sends) ends only its own session; every client socket is closed
    when its session ends.

    Args:
        listener: a bound, listening AF_UNIX stream socket. This function
            owns it.

    Returns:
        Never.
    """
    while True:
        conn, _addr = listener.accept()
        with conn:  # closed whatever happens below
            try:
                while data := conn.recv(CHUNK):
                    conn.sendall(data)
            except (ConnectionResetError, BrokenPipeError):
                pass  # this client went away: serve the next one


def _check_fd(fd) -> None:
    if isinstance(fd, bool) or not isinstance(fd, int):
        raise TypeError(f"fd must be an int, got {fd!r}")
    if fd < 0:
        raise ValueError(f"fd must be >= 0, got {fd!r}")


def send_fd(sock, fd: int, message: bytes = b"fd") -> None:
    """Pass the open file descriptor ``fd`` to the peer of ``sock``, with ``message``.

    The descriptor travels as ``SCM_RIGHTS`` ancillary data on the first
    byte of ``message`` (``sock.sendmsg``); the rest of the message, if the
    kernel took only part of it, follows with ``sendall``. The peer gets a
    new descriptor for the same open file (``recv_fd``). The caller's ``fd``
    stays open: close it when you no longer need it (the file stays open
    for the peer as long as the message is in flight or the peer holds it).

    Args:
        sock: a connected AF_UNIX stream socket.
        fd: an open file descriptor (an int; a bool is not accepted).
        message: the bytes sent with it (bytes-like, not empty: on a stream
            socket Linux drops ancillary data sent with no data byte). Keep
            it short: ``recv_fd`` reads at most 4096 bytes with it.

    Returns:
        None.

    Raises:
        ValueError: ``message`` is empty, or ``fd`` is negative.
        TypeError: ``fd`` is not an int, or ``message`` is not bytes-like.
        OSError: from the socket (``EBADF`` for a closed ``fd``,
            ``BrokenPipeError`` when the peer has gone, ...).
    """
    _check_fd(fd)
    if not isinstance(message, (bytes, bytearray, memoryview)):
        raise TypeError(f"message must be bytes-like, got {message!r:.80}")
    message = bytes(message)
    if not message:
        raise ValueError(f"message must not be empty (got {message!r}): "
                         "a descriptor needs at least one data byte to travel with")
    rights = array.array("i", [fd])
    sent = sock.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, rights)])
    if sent < len(message):
        sock.sendall(message[sent:])


def recv_fd(sock) -> tuple[int, bytes]:
    """Receive one file descriptor and the message it came with (from ``send_fd``).

    One ``recvmsg`` of up to 4096 bytes with room for one descriptor. The
    returned descriptor is new in this process, refers to the same open
    file as the sender's (same file offset and flags), and is close-on-exec
    (``MSG_CMSG_CLOEXEC``). The caller closes it.

    Args:
        sock: a connected AF_UNIX stream socket.

    Returns:
        ``(fd, message)``.

    Raises:
        EOFError: the peer closed before sending anything.
        ValueError: a message arrived without a descriptor (the message
            bytes are consumed; the message names them).
        OSError: from the socket (``TimeoutError`` when it has a timeout).
    """
    message, fds, _flags, _addr = socket.recv_fds(
        sock, MAX_MESSAGE, 1, socket.MSG_CMSG_CLOEXEC)
    if not fds:
        if not message:
            raise EOFError("the peer closed before sending a descriptor")
        raise ValueError(f"a message arrived without a descriptor: {message[:80]!r}")
    return fds[0], message
