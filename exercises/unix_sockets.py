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
import os  # noqa: F401  (you will need these)
import socket  # noqa: F401
import stat  # noqa: F401
from typing import NoReturn

UNIX_PATH_MAX = 107
"""The most bytes a socket path may have on Linux (sun_path is 108 with its NUL)."""


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError
