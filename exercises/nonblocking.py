"""Non-blocking IO and timeouts: never wait longer than you decided to.

A socket call such as ``recv``, ``accept`` or ``connect`` *blocks*: it waits
until its condition holds (data arrived, a client came, the peer answered),
for as long as that takes, possibly forever. That is blocking IO (阻塞IO).
Python sockets have three modes (``sock.gettimeout()`` tells which):

- blocking (``settimeout(None)``, the default, ``setblocking(True)``): wait
  as long as it takes;
- non-blocking (``settimeout(0.0)``, ``setblocking(False)``): never wait; a
  call that cannot complete at once raises ``BlockingIOError`` (errno
  EAGAIN/EWOULDBLOCK, or EINPROGRESS for a connect);
- timeout (``settimeout(2.5)``): wait at most 2.5 *seconds*, then raise
  ``TimeoutError`` (``socket.timeout`` is the same class since 3.10).
  ``setblocking(True)`` and ``setblocking(False)`` replace a timeout, so to
  put a socket back as you found it, save ``gettimeout()`` and call
  ``settimeout(saved)``.

Ways to wait with a bound, without burning CPU:

- give the socket a timeout for one call and restore its mode afterwards
  (in ``finally``, so an exception does not leave it changed);
- or wait for readiness with ``select``/``poll`` (the kernel sleeps for you)
  and then make the call, which is then ready at once.

Never loop on a non-blocking call until it succeeds ("busy waiting"): the
program then spins at 100 % CPU doing nothing useful.

Return values that look alike but are not: ``None`` means "nothing is ready
yet", ``b""`` means "end of stream: the peer has closed". A reset connection
(the peer closed with unread data, or aborted) raises
``ConnectionResetError``.

A non-blocking connect: ``connect_ex`` returns ``EINPROGRESS`` at once; the
socket becomes *writable* when the handshake is done, failed or refused;
``getsockopt(SOL_SOCKET, SO_ERROR)`` then says which (0 = connected).

中文概述: 本主题对应笔记里的 "阻塞IO / 非阻塞IO" 和 "超时检测"。阻塞IO 是因为某个
条件没有达成（没有数据、没有客户端、对方没应答）而让程序停在那里等，如 recv、
accept、connect；非阻塞IO 是改变函数的阻塞状态让它不等：setblocking(False) 之后
条件不满足会立刻抛 BlockingIOError。settimeout(sec) 设置超时检测，参数单位是 秒
（不是毫秒），超时抛 TimeoutError。注意：setblocking 会覆盖原来的超时，要恢复调用者
的状态应保存 gettimeout() 再 settimeout(原值)，并放在 finally 里；等待要交给内核
（settimeout 或 select/poll），不要用死循环反复尝试，那是 忙等待，会把 CPU 占满；
None 表示"暂时没有数据"，b'' 表示对端已关闭，两者不能混淆。
"""
import errno  # noqa: F401  (errno.EINPROGRESS)
import os  # noqa: F401  (os.strerror)
import select  # noqa: F401  (poll or select: let the kernel wait)
import socket  # noqa: F401  (you will need it)

MAX_DRAIN = 1024 * 1024   # drain returns at most this much per call (1 MiB)


def recv_nowait(sock, n: int = 4096) -> bytes | None:
    """Read what is ready on a socket, without ever waiting.

    Args:
        sock: a connected stream socket, in any mode.
        n: the most bytes to return (as for ``recv``).

    Returns:
        Up to ``n`` bytes when data is ready; ``None`` when no data is ready
        right now (the call would have blocked); ``b""`` at end of stream
        (the peer has closed).

    Raises:
        ConnectionResetError: the connection was reset.
        Other socket errors propagate. ``BlockingIOError`` never escapes: it
        is the "no data" case.

    The socket's mode and timeout are the same after the call as before,
    also when it raises.
    """
    raise NotImplementedError


def recv_with_timeout(sock, n: int, timeout: float) -> bytes | None:
    """Read from a socket, waiting at most ``timeout`` seconds for data.

    Returns as soon as data arrives (it does not wait for ``n`` bytes).

    Args:
        sock: a connected stream socket, in any mode.
        n: the most bytes to return (as for ``recv``).
        timeout: the longest wait in seconds (not milliseconds); a positive
            number.

    Returns:
        Up to ``n`` bytes as soon as any arrive; ``None`` when nothing came
        within ``timeout``; ``b""`` at end of stream.

    Raises:
        ValueError: ``timeout`` <= 0 (the message names it).
        TypeError: ``timeout`` is not a number.
        ConnectionResetError: the connection was reset.

    The wait sleeps in the kernel (no busy loop). The socket's mode and
    timeout are the same after the call as before, also when it raises.
    """
    raise NotImplementedError


def accept_with_timeout(listener, timeout: float) -> tuple[socket.socket, tuple] | None:
    """Accept a client, waiting at most ``timeout`` seconds for one.

    Args:
        listener: a listening socket, in any mode.
        timeout: the longest wait in seconds; a positive number.

    Returns:
        ``(conn, address)`` as ``listener.accept()`` returns it, with
        ``conn`` in blocking mode (``conn.gettimeout() is None``); ``None``
        when no client came within ``timeout``.

    Raises:
        ValueError: ``timeout`` <= 0 (the message names it).
        TypeError: ``timeout`` is not a number.

    The wait sleeps in the kernel (no busy loop). The listener's mode and
    timeout are the same after the call as before, also when it raises.
    """
    raise NotImplementedError


def connect_with_timeout(address: tuple[str, int], timeout: float) -> socket.socket:
    """Connect to a TCP server, giving up after ``timeout`` seconds.

    A non-blocking connect: ``connect_ex`` starts the handshake and returns
    at once (EINPROGRESS); the socket becomes writable when the handshake has
    ended, and ``getsockopt(SOL_SOCKET, SO_ERROR)`` then says how (0: it is
    connected; ECONNREFUSED: refused; ...).

    Args:
        address: ``(ip, port)`` of the server.
        timeout: the longest wait in seconds; a positive number.

    Returns:
        A new connected socket in blocking mode (``gettimeout() is None``).
        The caller closes it.

    Raises:
        ValueError: ``timeout`` <= 0 (the message names it).
        TypeError: ``timeout`` is not a number.
        ConnectionRefusedError: nothing listens at ``address`` (raised as soon
            as the refusal arrives, not after ``timeout``).
        TimeoutError: no answer within ``timeout`` (e.g. the server's accept
            queue is full and the kernel drops the SYN).
        Other ``OSError`` s for other failures. In every failure the socket is
        closed before the error propagates.

    The wait sleeps in the kernel (no busy loop).
    """
    raise NotImplementedError


def drain(sock) -> bytes:
    """Read everything that is readable right now, without waiting, up to 1 MiB.

    Args:
        sock: a connected stream socket, in any mode.

    Returns:
        The bytes that could be read without blocking, joined; at most
        ``MAX_DRAIN`` (1 MiB) per call, so a peer that keeps sending cannot
        keep it busy (call it again for more). ``b""`` when nothing is ready.
        It stops at end of stream: what came before the EOF is returned
        (``b""`` if nothing did).

    Raises:
        ConnectionResetError: the connection was reset.

    The socket's mode and timeout are the same after the call as before,
    also when it raises.
    """
    raise NotImplementedError
