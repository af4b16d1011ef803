"""TCP: a byte stream between two sockets.

A TCP connection carries a stream of bytes, not messages. One ``send`` may
hand over fewer bytes than you gave it, and one ``recv(n)`` returns
*between 1 and n* bytes: whatever has arrived so far, never "the message".
Every reliable helper is therefore a loop:

- reading an exact amount: ``recv`` again until the missing bytes are in, and
  never ask for more than is missing (the bytes after them belong to the
  next reader);
- reading everything: ``recv`` until it returns ``b""``;
- writing: ``send`` again with the bytes not yet taken (``sendall`` is that
  loop, written for you).

The server side is: ``socket()``, ``bind``, ``listen``, then ``accept`` a
client, talk to it, close it, accept the next. The client side is:
``socket()``, ``connect``, talk, close. ``socket.create_connection`` and
``socket.create_server`` do the first steps in one call.

End of stream and gone peers (corrections to the course notes):

- When the peer closes (or shuts down its writing side), ``recv`` returns
  ``b""``: *empty bytes*, not an empty str. Comparing with ``""`` is always
  False, so a loop that waits for ``""`` spins forever. Test ``if not data``.
- A ``send`` to a peer that has gone raises ``BrokenPipeError`` *or*
  ``ConnectionResetError`` (which one depends on timing), and not necessarily
  on the first send after the peer left: the first bytes may still be
  accepted into the local buffer.
- A peer that closes while unread data sits in its receive buffer sends a
  reset (RST): your ``recv`` then raises ``ConnectionResetError`` instead of
  returning ``b""``.
- ``shutdown(socket.SHUT_WR)`` tells the peer "I am done sending" (it reads
  ``b""``) while you can still read its answer.

Buffers: the kernel keeps a send buffer and a receive buffer per socket.
``send`` copies into the send buffer (and blocks while it is full); ``recv``
takes from the receive buffer (and blocks while it is empty).

中文概述: 本节对应笔记里的“TCP 服务端/客户端流程、recv/send/sendall 特性、缓
冲区”。TCP 传送的是字节流，不是一条条消息：一次 send 可能只发出一部分，一次
recv(n) 返回 1 到 n 个已经到达的字节。所以可靠的收发都是循环：按字节数收（每
次只要还缺的那部分，多出来的字节属于下一条消息，处理不好就是粘包问题）；收到
b'' 为止；send 没发完就接着发剩下的（sendall 就是替你写好的这个循环）。服务
端流程是 socket → bind → listen → accept → 收发 → close，然后 accept 下一个
客户端；客户端流程是 socket → connect → 收发 → close。shutdown(SHUT_WR) 告诉
对方“我发完了”，自己仍然可以继续接收。笔记里有几处要更正：对端关闭后 recv 返
回的是空字节串 b''，不是空字符串（和 "" 比较永远不相等，循环会一直空转）；向
已经离开的对端发送，会抛出 BrokenPipeError 或 ConnectionResetError（取决于时
机），而且不一定是对方离开后的第一次 send 就报错；对方带着未读的数据关闭时会
发出 RST，这时你的 recv 抛出 ConnectionResetError，而不是返回 b''。笔记说缓
冲区是为了“减少和磁盘交互”，其实套接字的缓冲区在内核内存里，和磁盘无关：内核
为每个套接字准备一个发送缓冲区和一个接收缓冲区，send 只是把数据复制进发送缓
冲区（满了就阻塞），recv 从接收缓冲区取数据（空了就阻塞），以此协调收发双方
的速度。设置了超时（timeout），它就要限制每一次等待，connect 也包括在内；不
论正常返回还是出错，用完的套接字都要关闭（用 with）。
"""
import socket  # noqa: F401  (you will need it)
from typing import NoReturn


def recv_exactly(sock, n: int) -> bytes:
    """Read exactly ``n`` bytes from a connected stream socket.

    Calls ``sock.recv`` (or ``sock.recv_into``) as often as needed, each time
    asking for at most the number of bytes still missing, so that bytes sent
    after these ``n`` stay in the socket for the next reader.

    Args:
        sock: a connected, blocking stream socket (or anything with the same
            ``recv`` / ``recv_into`` methods).
        n: how many bytes to read; an int >= 0.

    Returns:
        Exactly ``n`` bytes, as ``bytes``. ``n == 0`` returns ``b""`` without
        calling ``recv`` at all.

    Raises:
        TypeError: ``n`` is not an int (a bool is not accepted).
        ValueError: ``n`` is negative (the message names it).
        EOFError: the peer closed before ``n`` bytes arrived; the message says
            how many of the ``n`` bytes arrived (e.g. "got 5 of 12 bytes").
        Errors of the socket itself (``TimeoutError``,
        ``ConnectionResetError``, ...) propagate unchanged.
    """
    raise NotImplementedError


def recv_until_eof(sock) -> bytes:
    """Read everything the peer sends until it shuts down its writing side.

    Calls ``sock.recv`` until it returns ``b""`` (end of stream: the peer
    closed or called ``shutdown(SHUT_WR)``).

    Args:
        sock: a connected, blocking stream socket (or anything with the same
            ``recv`` method).

    Returns:
        All bytes received, joined, as ``bytes``; ``b""`` if the peer sent
        nothing before closing.

    Raises:
        Errors of the socket itself (``TimeoutError`` when the socket has a
        timeout and nothing arrives in time, ``ConnectionResetError`` when
        the peer resets) propagate unchanged.
    """
    raise NotImplementedError


def send_all(sock, data: bytes) -> int:
    """Send every byte of ``data`` using only ``sock.send``.

    ``send`` may take only part of the data; this loops, sending the rest,
    until every byte has been taken. It does what ``sock.sendall`` does, but
    must not call ``sendall`` (the checks use fake sockets that have none and
    take 1 to 3 bytes per ``send``).

    Args:
        sock: a connected, blocking stream socket (or anything with the same
            ``send`` method, which returns how many bytes it took).
        data: the bytes to send (any bytes-like object).

    Returns:
        ``len(data)``, the number of bytes sent. Empty data returns 0.

    Raises:
        TypeError: ``data`` is not bytes-like (a ``str``, say).
        Errors of ``send`` (``BrokenPipeError``, ``ConnectionResetError``,
        ``TimeoutError``, ...) propagate unchanged.
    """
    raise NotImplementedError


def safe_send(sock, data: bytes) -> bool:
    """Send all of ``data`` like ``send_all``, but report a gone peer as False.

    Args:
        sock: a connected stream socket (or anything with the same ``send``
            method).
        data: the bytes to send.

    Returns:
        True when every byte was sent; False when the peer has gone, i.e. a
        ``send`` raised ``BrokenPipeError`` or ``ConnectionResetError`` (some
        bytes may have been sent before that).

    Raises:
        Every other error propagates: ``TimeoutError``, other ``OSError``s,
        ``TypeError`` for data that is not bytes-like.
    """
    raise NotImplementedError


def echo_client(address: tuple[str, int], payload: bytes, timeout: float = 5.0) -> bytes:
    """Send ``payload`` to a server and return everything it sends back.

    Connects to ``address``, sends the whole payload, shuts down its writing
    side (``shutdown(socket.SHUT_WR)``, so the server reads end of stream),
    reads until the server closes, closes the socket, and returns what came
    back. Without the shutdown, a server that waits for end of stream and
    this client waiting for the server's close would wait for each other
    forever.

    Args:
        address: ``(host, port)`` of the server, e.g. ``("127.0.0.1", 5000)``.
        payload: the bytes to send; up to 64 KiB must work (may be empty).
        timeout: seconds allowed for the connect and for each wait for data.

    Returns:
        The bytes the server sent back before closing, as ``bytes``.

    Raises:
        TimeoutError: the connect, or a wait for data, took longer than
            ``timeout`` (``socket.timeout`` is ``TimeoutError`` since 3.10).
        ConnectionRefusedError: nothing listens at ``address``.
        Other socket errors propagate. The socket is closed in every case.
    """
    raise NotImplementedError


def serve_echo(listener) -> NoReturn:
    """Serve clients one after another, echoing what each one sends.

    An iterative server: accept one client, send back every byte it sends
    (as it arrives) until it shuts down its writing side, close its socket,
    accept the next client; forever (until the process is killed).

    A client that resets its connection, or that closes without reading its
    echo (so sending to it fails with ``BrokenPipeError`` or
    ``ConnectionResetError``), ends only that client's session: its socket
    is closed and the server accepts the next one. Every client socket is
    closed when its session ends, so the server does not leak descriptors.

    A client that stays connected and sends nothing blocks this server: it
    serves one client at a time (the multiplexing topic fixes that).

    Args:
        listener: a bound, listening TCP (or Unix stream) socket. This
            function owns it.

    Returns:
        Never.
    """
    raise NotImplementedError
