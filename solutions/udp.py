"""UDP: datagrams, each one whole or not at all.

A UDP socket (``socket.socket(socket.AF_INET, socket.SOCK_DGRAM)``) sends
and receives *datagrams*. Unlike TCP there is no connection and no stream:

- one ``sendto(data, address)`` is one datagram, and one ``recvfrom(bufsize)``
  returns exactly one datagram, never half of one and never two glued
  together (no 粘包 here). If ``bufsize`` is smaller than the datagram, the
  rest is silently *discarded*, so ask for the largest size you can get:
  65535 bytes.
- ``recvfrom`` returns ``(data, address)``: the datagram and who sent it.
  Anyone can send to your port, so a client that waits for an answer checks
  that the answer comes from the address it asked.
- a zero-length datagram is a real datagram: ``recvfrom`` returns
  ``(b"", address)``. (On TCP ``b""`` means end of stream; UDP has no end.)
- delivery is not guaranteed: a datagram may be lost (or duplicated, or
  arrive out of order). A client that needs an answer waits a bounded time
  and sends again: timeout and retry.
- the largest UDP payload over IPv4 is 65,507 bytes (65,535 minus the 8-byte
  UDP header and the 20-byte IP header).

The server side is: ``socket(AF_INET, SOCK_DGRAM)``, ``bind``, then
``recvfrom`` / ``sendto`` in a loop; no ``listen``, no ``accept``. The client
side is: ``socket(AF_INET, SOCK_DGRAM)``, ``sendto``, ``recvfrom``, close.

中文概述: 本主题对应笔记里的 "UDP 服务端/客户端"。UDP 是面向无连接的数据报套接字
(SOCK_DGRAM)：服务端 创建套接字 → bind 绑定地址 → recvfrom/sendto 收发消息，
不需要 listen 和 accept；客户端 创建套接字 → sendto → recvfrom → 关闭。每次
recvfrom 正好收到一个完整的数据报，数据报有边界，所以 UDP 没有 粘包 问题；但
缓冲区 给小了，多出的部分会被直接丢弃，所以要用 65535 去收。UDP 不可靠，数据报
可能丢失，客户端要用 超时 + 重传；谁都可以往你的端口发数据，所以只接受来自服务端
地址的回复。笔记里的几处笔误：发送函数是 ``sendto``（不是 "sento"），接收函数是
``recvfrom``（不是 "recvform"）；UDP 客户端也必须用
``socket.socket(AF_INET, SOCK_DGRAM)`` 创建，``socket.socket()`` 默认创建的是
TCP 流式套接字。
"""
# Strategy: the server is the two-call loop of the notes. The client keeps
# one deadline per attempt, so a stray datagram from someone else is read,
# dropped, and the wait goes on for what is left of that attempt's timeout
# (never a fresh one). `with` closes the socket on every way out.
import socket
import time
from typing import NoReturn

MAX_DATAGRAM = 65507
"""The largest UDP payload over IPv4: 65535 - 8 (UDP header) - 20 (IP header)."""

RECV_SIZE = 65535  # ask for the largest datagram: a smaller buffer truncates


def serve_udp_echo(sock) -> NoReturn:
    """Echo every datagram back to its sender, forever.

    Receives each datagram with ``recvfrom`` (asking for up to 65535 bytes,
    so nothing is truncated) and sends the same bytes back with ``sendto``
    to the address it came from. A zero-length datagram is echoed too, as a
    zero-length datagram. Clients need no connection: datagrams of many
    clients may arrive interleaved, and each one goes back to its own sender.

    Args:
        sock: a bound UDP socket (``AF_INET``, ``SOCK_DGRAM``). This function
            owns it.

    Returns:
        Never (runs until the process is killed).
    """
    while True:
        data, sender = sock.recvfrom(RECV_SIZE)
        sock.sendto(data, sender)


def _check_args(payload, timeout, retries) -> None:
    if len(payload) > MAX_DATAGRAM:
        raise ValueError(f"payload of {len(payload)} bytes is larger than "
                         f"MAX_DATAGRAM ({MAX_DATAGRAM} bytes)")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {timeout!r}")
    if not timeout > 0:  # written this way round, NaN is refused too
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    if isinstance(retries, bool) or not isinstance(retries, int):
        raise TypeError(f"retries must be an int, got {retries!r}")
    if retries < 0:
        raise ValueError(f"retries must be >= 0, got {retries!r}")


def _is_from(sender, address) -> bool:
    """Whether ``sender`` (from recvfrom) is ``address``: same IP, same port."""
    return sender[:2] == tuple(address[:2])  # IPv6 addresses have 2 more fields


def _wait_for_reply(sock, address, timeout: float) -> bytes | None:
    """The next datagram from ``address`` within ``timeout`` s, or None.

    Datagrams from anyone else are dropped; they do not extend the wait.
    """
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            data, sender = sock.recvfrom(RECV_SIZE)
        except TimeoutError:
            return None
        if _is_from(sender, address):
            return data


def udp_request(address: tuple[str, int], payload: bytes,
                timeout: float = 1.0, retries: int = 3) -> bytes:
    """Send one datagram and return the reply, retrying when none comes.

    From a new, unconnected UDP socket: ``sendto`` the payload to
    ``address`` and wait up to ``timeout`` seconds for a datagram *from
    ``address``*. A datagram from any other address (another port, another
    IP) is read and ignored, and the wait goes on with the time that is left:
    it neither ends the wait nor starts it again. When ``timeout`` passes
    with no reply, send the payload again and wait again; after ``retries +
    1`` sends in all without a reply, give up. The socket stays unconnected
    (``sendto``/``recvfrom`` only), so an ICMP "port unreachable" never
    surfaces as ``ConnectionRefusedError``: no reply is simply no reply.

    "From ``address``" compares the sender's (IP, port) with ``address``
    exactly, so pass an IP literal such as ``"127.0.0.1"``, not a host name.

    Args:
        address: ``(ip, port)`` of the server.
        payload: the datagram to send (bytes-like, 0 to MAX_DATAGRAM bytes).
        timeout: seconds to wait for a reply after each send; > 0.
        retries: how many times to send again after a wait that timed out;
            >= 0 (``retries=0`` sends once).

    Returns:
        The first datagram received from ``address`` (possibly ``b""``),
        complete (up to 65535 bytes).

    Raises:
        ValueError: ``len(payload) > MAX_DATAGRAM`` (the message gives the
            length), ``timeout <= 0``, or ``retries < 0`` (the message names
            the bad value). Nothing is sent.
        TypeError: ``retries`` is not an int (a bool is not accepted) or
            ``timeout`` is not a number.
        TimeoutError: no reply from ``address`` after ``retries + 1`` sends,
            that is after about ``(retries + 1) * timeout`` seconds.
        The socket is closed in every case.
    """
    payload = memoryview(payload).tobytes()  # TypeError for a str
    _check_args(payload, timeout, retries)
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        for _attempt in range(retries + 1):
            sock.settimeout(timeout)  # bounds the send as well
            sock.sendto(payload, address)
            reply = _wait_for_reply(sock, address, timeout)
            if reply is not None:
                return reply
    raise TimeoutError(f"no reply from {address!r} after {retries + 1} sends, "
                       f"{timeout} s each")
