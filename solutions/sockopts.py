"""Socket attributes and options: asking a socket what it is.

Every socket object can tell you about itself:

- ``sock.family``: the address family, ``AF_INET`` (IPv4), ``AF_INET6``
  (IPv6) or ``AF_UNIX`` (a local socket file); ``sock.type``: the kind,
  ``SOCK_STREAM`` (TCP, a byte stream) or ``SOCK_DGRAM`` (UDP, datagrams).
  Both are enum members (``socket.AddressFamily``, ``socket.SocketKind``)
  whose ``.name`` is the constant's name; their int values differ between
  systems, so print names, not numbers.
- ``sock.fileno()``: the file descriptor, a small int, as for any open file
  (0, 1, 2 are stdin, stdout, stderr).
- ``sock.getsockname()``: the socket's own address; ``sock.getpeername()``:
  the address of the socket at the *other end* of a connection (the peer,
  which is the client only when you are the server). On a socket that is not
  connected (a listener, a fresh socket, an unconnected UDP socket),
  ``getpeername`` raises ``OSError`` (errno ``ENOTCONN``). An ``AF_UNIX``
  socket without a file name (from ``socket.socketpair()``, or a client that
  never called ``bind``) is *unnamed*: its address is ``''``.
- blocking mode: ``sock.getblocking()`` and ``sock.gettimeout()``. A socket
  is blocking (timeout ``None``), non-blocking (timeout ``0.0``), or has a
  timeout (a positive float): its calls block for at most that long, and it
  still counts as blocking.
- options: ``sock.setsockopt(level, option, value)`` and
  ``sock.getsockopt(level, option)``, e.g. ``SO_REUSEADDR``, ``SO_SNDBUF``,
  ``SO_RCVBUF`` at level ``SOL_SOCKET``.

``SO_REUSEADDR`` and TIME_WAIT: the side of a TCP connection that closes
first keeps the connection in the TIME_WAIT state for a while (60 s on
Linux) after both have closed, so that late packets of the old connection
are recognised. While it lasts, binding a new listener to that port fails
with "Address already in use" (``EADDRINUSE``): the classic error when a
server is restarted. ``SO_REUSEADDR`` lets the bind succeed. It must be set
*before* ``bind`` (the check happens in ``bind``), and on Linux both the old
socket and the new one need it.

Buffers: the kernel keeps a send buffer and a receive buffer per socket;
``SO_SNDBUF``/``SO_RCVBUF`` read their sizes. Linux doubles the value you
set (for its own bookkeeping) and reports the doubled size.

中文概述: 本主题对应笔记里的 "套接字属性方法"：sock.type（套接字类型，
SOCK_STREAM 流式 / SOCK_DGRAM 数据报）、sock.family（地址类型）、sock.fileno()
（套接字的IO描述符，和 sys.stdin=0、stdout=1、stderr=2 一样是文件描述符）、
getsockname()、getpeername()、setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) 设置
端口重用、getsockopt() 获取选项值，以及 缓冲区 大小。要注意几点（笔记说得不准确）：
getpeername() 得到的是连接 对端 的地址，只有在服务端看时对端才是客户端，未连接的
套接字调用它会抛 OSError (ENOTCONN)；本地套接字 socketpair() 的两端没有名字，地址是
''；SO_REUSEADDR 必须在 bind 之前设置才有作用，用来解决服务端先关闭连接后 TIME_WAIT
占着端口导致重启时 "Address already in use" 的问题（Linux 上新旧两个套接字都要设置）；
getsockopt 要给出 level 和选项名两个参数；family 和 type 要用名字（"AF_INET"）而不是
数字，数字在不同系统上不一样。
"""
# Strategy: describe_socket only reads (getters and getsockopt), so the
# socket is left exactly as it was. make_listener validates first, then owns
# the new socket inside try/except until it is listening, so a failed bind
# cannot leak it.
import errno
import socket


def _name(enum_class, value) -> str:
    """The constant's name (``"AF_INET"``), or str(value) if the enum has none."""
    try:
        return enum_class(value).name
    except ValueError:
        return str(value)


def _peer(sock):
    try:
        return sock.getpeername()
    except OSError as exc:
        if exc.errno == errno.ENOTCONN:  # a listener, a fresh or unconnected socket
            return None
        raise


def describe_socket(sock) -> dict:
    """Describe a socket with its own getters, changing nothing on it.

    Args:
        sock: an open ``socket.socket`` of any family and type (TCP, UDP,
            ``AF_UNIX``, IPv6, ...), connected or not, listening or not, in
            any blocking mode.

    Returns:
        A dict with exactly these keys:

        - ``"family"``: the family's name, e.g. ``"AF_INET"``, ``"AF_INET6"``,
          ``"AF_UNIX"`` (for any family: ``socket.AddressFamily(...).name``);
        - ``"type"``: the type's name, e.g. ``"SOCK_STREAM"``,
          ``"SOCK_DGRAM"`` (for any type: ``socket.SocketKind(...).name``);
        - ``"fd"``: ``sock.fileno()``;
        - ``"local"``: ``sock.getsockname()``, as it returns it;
        - ``"peer"``: ``sock.getpeername()``, or None when the socket is not
          connected (a listener, a fresh socket, an unconnected UDP socket);
          an unnamed ``AF_UNIX`` peer gives what ``getpeername()`` gives:
          ``''``;
        - ``"blocking"``: ``sock.getblocking()`` (a socket with a timeout
          counts as blocking);
        - ``"timeout"``: ``sock.gettimeout()``: None, 0.0, or the timeout in
          seconds (a float);
        - ``"reuse_address"``: whether ``SO_REUSEADDR`` is set, as a bool
          (``getsockopt(SOL_SOCKET, SO_REUSEADDR)``).

        It only reads: the socket's blocking mode, timeout and options are
        the same after the call.

    Raises:
        OSError: from the getters for reasons other than "not connected"
            (e.g. the socket is closed).
    """
    return {
        "family": _name(socket.AddressFamily, sock.family),
        "type": _name(socket.SocketKind, sock.type),
        "fd": sock.fileno(),
        "local": sock.getsockname(),
        "peer": _peer(sock),
        "blocking": sock.getblocking(),
        "timeout": sock.gettimeout(),
        "reuse_address": bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)),
    }


def _check_int(name: str, value, low: int, high: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < low or (high is not None and value > high):
        limits = f"{low}-{high}" if high is not None else f">= {low}"
        raise ValueError(f"{name} must be {limits}, got {value!r}")


def make_listener(host: str = "127.0.0.1", port: int = 0, backlog: int = 128,
                  reuse_address: bool = True) -> socket.socket:
    """A TCP socket bound to ``(host, port)`` and listening.

    With ``reuse_address`` it sets ``SO_REUSEADDR`` *before* ``bind`` (after
    the bind it would be too late: the port check happens in ``bind``), so a
    restarted server can bind a port that old connections still hold in
    TIME_WAIT. With ``reuse_address=False`` the option stays off.

    Args:
        host: the IP address to bind, e.g. ``"127.0.0.1"`` (``"::1"`` and
            other IPv6 addresses give an ``AF_INET6`` socket).
        port: 0 to 65535; 0 lets the kernel pick a free port (read it back
            with ``getsockname()``).
        backlog: how many connections may wait for ``accept``; >= 0.
        reuse_address: set ``SO_REUSEADDR`` before binding.

    Returns:
        The listening ``socket.socket`` (blocking). The caller closes it.

    Raises:
        TypeError: ``port`` or ``backlog`` is not an int (a bool is not
            accepted).
        ValueError: ``port`` outside 0-65535 or ``backlog`` < 0 (the message
            names the value).
        OSError: the bind failed, e.g. ``EADDRINUSE`` (the port is taken, or
            held in TIME_WAIT without ``SO_REUSEADDR`` on both sockets) or
            ``EADDRNOTAVAIL`` (``host`` is not an address of this machine).
            The socket is closed before the error propagates.
    """
    _check_int("port", port, 0, 65535)
    _check_int("backlog", backlog, 0)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if reuse_address:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except BaseException:
        sock.close()  # never leak the socket of a failed bind
        raise
    return sock


def buffer_sizes(sock) -> tuple[int, int]:
    """The kernel's send and receive buffer sizes of a socket.

    Args:
        sock: an open socket.

    Returns:
        ``(SO_SNDBUF, SO_RCVBUF)`` as ``getsockopt(SOL_SOCKET, ...)`` reports
        them, in bytes (on Linux, twice what was set with ``setsockopt``:
        report the kernel's numbers, do not halve them).
    """
    return (sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF),
            sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
