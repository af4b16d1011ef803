"""Multiplexing: one thread serving many clients with select and poll.

A blocking server waits in one call at a time: in ``recv`` for one client
while another client's bytes sit unread, in ``sendall`` while one client
does not read its echo. IO multiplexing turns this around: hand the kernel
the whole list of sockets and ask "which of these can I use *now* without
waiting?". ``select.select`` and ``select.poll`` both sleep until at least
one socket is ready, then return the ready ones; the server does exactly
that I/O, which cannot block, and asks again. One thread, one process,
many clients, and no CPU used while nobody talks.

The pieces:

- Readiness. A socket is *readable* when ``recv`` will not wait (data has
  arrived, the peer has closed so ``recv`` returns ``b""``, or an error is
  pending; for a listener: a connection can be accepted). It is *writable*
  when ``send`` will take at least one byte. Readiness says the call will
  not block, no more: ``send`` may still take only part of the data.
- Non-blocking sockets. Every socket the server watches is put in
  non-blocking mode (``setblocking(False)``), so a call that would wait
  raises ``BlockingIOError`` instead of freezing every other client.
- A send buffer per client. The echo that ``send`` did not take yet is
  kept and sent when the socket becomes writable; the server asks for
  "writable" only while that buffer is not empty (a socket is writable
  almost always: asking for it all the time makes the loop spin).
- End of stream. ``recv`` returning ``b""`` means the client has shut down
  its writing side; the server still sends what it owes, then closes. A
  reset (``ConnectionResetError``, ``BrokenPipeError``, or ``POLLHUP`` /
  ``POLLERR`` from ``poll``) means nobody is listening any more: close at
  once and forget the client.
- Back-pressure. A client that sends without reading makes its echo pile
  up in the server's memory; the server stops reading from it while its
  buffer is large and goes on serving everyone else.

``select(rlist, wlist, xlist, timeout)`` takes lists of sockets and returns
the ready ones. It is limited to descriptors below ``FD_SETSIZE`` (1024):
a busy server must refuse (close) connections it cannot watch.
``select.poll()`` has no such limit: ``register(fd, mask)`` once,
``modify`` when the interest changes, ``unregister`` before closing;
``poll()`` returns ``[(fd, events), ...]``, so the server keeps a map from
descriptor to socket. Event masks are bit sets: combine flags with ``|``,
test them with ``&``.

Corrections to the course notes:

- ``select.poll()`` must be *called*: ``p = select.poll`` only names the
  function; the flag is ``POLLERR`` (not ``PLLERR``).
- ``POLLERR``, ``POLLHUP`` and ``POLLNVAL`` are always reported; there is
  no need to register them. ``POLLNVAL`` means "this descriptor is not
  open": it is what a server gets for a socket it closed without
  unregistering, at once and forever (a loop that never sleeps).
- ``xlist`` is not "errors": it reports *exceptional conditions* (TCP
  urgent data). Errors and a closed peer make a socket readable.
- "Ready" is not "about to happen": it means the call would not block
  right now.
- ``<<`` is a left shift (左移).
- The ``timeout`` of ``select``/``poll`` is optional: without it the call
  sleeps until something is ready. A ``0`` timeout in a loop turns the
  server into a busy-wait that burns a whole CPU. (``select`` takes
  seconds, ``poll`` milliseconds.)

中文概述: 本节讲 IO多路复用。阻塞IO 的服务端一次只能等一个 IO 事件：在
一个客户端的 recv 上阻塞时，别的客户端发来的数据没人处理；多路复用把要
监控的所有套接字一起交给内核（select 的 rlist/wlist/xlist，或 poll 的
register），内核在某个 IO 准备就绪时返回，程序只处理就绪的 IO，于是一个
线程、一个进程就能同时服务很多客户端，空闲时不占 CPU。要点：被监控的
套接字要设成非阻塞IO（setblocking(False)）；send 可能只发出一部分，没发
出去的数据要放进每个客户端自己的缓冲区，等可写时再发，而且只在缓冲区
非空时才关注“可写”；recv 返回 b"" 表示对方关闭了写端，要先把欠它的数据
发完再关闭；连接被重置或收到 POLLHUP/POLLERR 时立即 unregister 并关闭。
poll 返回 [(fileno, event), ...]，所以要维护 IO地图 {fileno: 套接字}；事件
掩码用位运算：| 组合，& 判断。笔记里的错误：select.poll 要加括号调用
（p = select.poll() ）；是 POLLERR 不是 PLLERR；POLLERR/POLLHUP/POLLNVAL
不用注册也会返回；xlist 监控的是“异常条件”（TCP 紧急数据），不是出错，
出错和断开会让套接字变成可读；“准备就绪”指调用现在不会阻塞，不是“即将
发生”；<< 是左移；select 只能监控小于 1024 的文件描述符，poll 没有这个
限制；timeout 为 0 的 select/poll 放在循环里就是忙等，会占满 CPU。
"""
import select  # noqa: F401  (you will need it)
import socket  # noqa: F401
from typing import NoReturn


def event_names(mask: int) -> list[str]:
    """Name the ``select.POLL*`` flags set in an event mask.

    The six flags are POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT and
    POLLPRI (``select.POLLIN`` etc.). A flag is set when ``mask & flag`` is
    not zero.

    Args:
        mask: an event mask as ``poll()`` returns it, an int made of those
            flags (0 is the empty mask).

    Returns:
        The names of the flags set in ``mask``, sorted alphabetically, e.g.
        ``event_names(select.POLLIN | select.POLLHUP) == ["POLLHUP",
        "POLLIN"]``; ``[]`` for 0.

    Raises:
        TypeError: ``mask`` is not an int (a bool is not accepted); the
            message names the value.
        ValueError: ``mask`` has a bit set that is none of the six flags
            (``POLLRDNORM``, say, or a negative number); the message names
            the mask.
    """
    raise NotImplementedError


def event_mask(names) -> int:
    """Combine flag names into an event mask: the inverse of ``event_names``.

    Args:
        names: any iterable (list, tuple, set, generator, ...) of flag names,
            each exactly one of "POLLERR", "POLLHUP", "POLLIN", "POLLNVAL",
            "POLLOUT", "POLLPRI" (upper case). Repeats are allowed; an empty
            iterable gives 0. It is iterated once.

    Returns:
        The flags OR-ed together (``|``), an int; for example
        ``event_mask(["POLLIN", "POLLOUT"]) == select.POLLIN | select.POLLOUT``.

    Raises:
        TypeError: ``names`` is a plain str (or bytes) rather than a
            collection of names, is not iterable, or holds something that
            is not a str; the message names it.
        ValueError: a name is not one of the six (lower case, POLLRDNORM,
            a typo); the message names it.
    """
    raise NotImplementedError


def serve_select(listener) -> NoReturn:
    """Echo server for many clients at once, multiplexed with ``select.select``.

    Single-threaded and single-process. All sockets are non-blocking; each
    turn of the loop calls ``select`` *without a timeout* on the listener
    and the clients (readable: clients it is reading from; writable: clients
    with unsent echo), so the server sleeps, using no CPU, until something
    is ready. Then:

    - the listener is readable: accept the new client; a client whose
      descriptor is ``>= 1024`` (``FD_SETSIZE``, the most ``select`` can
      watch) is closed at once (refused), and the server goes on;
    - a client is readable: ``recv`` what has arrived and queue it as echo;
      ``b""`` (end of stream) means: send what is still queued, then close;
    - a client is writable: ``send`` as much of its queued echo as the
      socket takes, keeping the rest for later (never ``sendall``: it would
      wait for one client while the others starve).

    A client that resets its connection, or that goes away while echo is
    still queued for it (``ConnectionResetError``, ``BrokenPipeError``), is
    closed and forgotten at once. A client whose queued echo has grown large
    (it sends without reading) is not read from until it catches up
    (back-pressure); every other client is served meanwhile. A client that
    connects and sends nothing holds no one up.

    Args:
        listener: a bound, listening TCP socket. This function owns it
            (it makes it non-blocking).

    Returns:
        Never: it serves until the process is killed.
    """
    raise NotImplementedError


def serve_poll(listener) -> NoReturn:
    """Echo server for many clients at once, multiplexed with ``select.poll``.

    Does what ``serve_select`` does, with a ``select.poll()`` object and an
    IO map ``{fileno: socket}`` (``poll`` reports descriptors, not sockets;
    the map may hold a per-client object with the socket and its buffer),
    and without the 1024 limit: it keeps serving thousands of connections
    as long as the process may open that many files.

    The listener is registered for ``POLLIN``; each client for ``POLLIN``
    while the server reads from it, plus ``POLLOUT`` only while echo is
    queued for it (``modify`` when that changes). ``poll()`` is called
    *without a timeout*, so an idle server sleeps. For each reported
    ``(fd, events)``:

    - ``POLLHUP``, ``POLLERR`` or ``POLLNVAL``: the connection is gone;
      unregister, close and forget it at once;
    - ``POLLIN``: accept (listener) or ``recv`` and queue the echo;
      ``b""`` means: send what is still queued, then close;
    - ``POLLOUT``: ``send`` as much queued echo as the socket takes.

    A closed client is unregistered *before* its socket is closed (a closed
    descriptor left registered comes back as ``POLLNVAL`` forever). Resets,
    silent clients and clients that do not read behave as in
    ``serve_select``.

    Args:
        listener: a bound, listening TCP socket. This function owns it
            (it makes it non-blocking).

    Returns:
        Never: it serves until the process is killed.
    """
    raise NotImplementedError
