"""Framing: putting message boundaries back on a TCP byte stream (粘包).

TCP carries a *stream of bytes*, not messages. The kernel may merge several
`send` calls into one segment, split one `send` over many segments, and hand
`recv` any slice of what has arrived: one `send` is not one `recv`. Two
messages that arrive glued together are the famous "粘包" (sticky packets);
half a message is its twin, "拆包". Neither is a bug in TCP: the application
must say where each message ends. This module shows three common ways:

- length-prefixed frames: a 4-byte big-endian (network order) unsigned length,
  then that many payload bytes. Binary-safe; empty payloads are legal.
- delimited lines: messages end with a delimiter such as b"\\n" or b"\\r\\n".
  Simple, but the payload must not contain the delimiter, and a delimiter can
  itself arrive split across two `recv` calls.
- netstrings (D. J. Bernstein): b"5:hello," = decimal length, colon, payload,
  comma. Length-prefixed, yet readable text.

The decoders are "sans-IO" (the style of h11): they never touch a socket.
You `feed` them whatever `recv` returned; they return the complete messages
and keep the rest for the next call. Only `send_frame`/`recv_frame` do I/O.

Things to get right (the checks test each one):
- never assume one `recv` returns one message: loop, and keep what is left;
- a header, a body or a delimiter may be split across chunks;
- one chunk may hold many messages, plus the start of the next one;
- an empty payload is a message, not the end of the stream;
- use network byte order ("!I"), not the machine's native order ("I");
- check size limits as soon as the length is known, before buffering a body;
- stay linear: don't re-slice or rescan the whole buffer for every message
  (`del buf[:n]` once per feed, or keep a read offset);
- `recv_frame` must ask only for the bytes its frame still needs.

Run the checks with `pytest --topic framing`.

中文概述: 本节对应笔记里的“粘包”。笔记说：由于 TCP 是数据流套接字，每次发送
的数据之间没有边界，一次取不完，下次取数据时就会形成粘包。更准确地说，粘包
（以及它的孪生兄弟拆包）不是 TCP 的错误，而是字节流的本性：内核可以把几次 send
合并成一段、把一次 send 拆成几段，recv 拿到的可能是任意一段数据。“一次取不完”
只是其中一种情况：一次 recv 也可能拿到两条粘在一起的消息，或者只拿到半条。所
以消息的边界必须由应用层自己标出来，常见的三种办法：定长包头（4 字节大端序的
长度，后面跟内容）、分隔符（如 \\n、\\r\\n，分隔符本身也可能被拆到两次 recv 里）、
netstring（b"5:hello,"）。本节的解码器不碰套接字（sans-IO）：你把 recv 得到
的字节喂给它，它返回完整的消息，把剩下的字节留到下一次。要注意：空消息也是消
息，不是流结束；长度用网络字节序 "!I"，不要用本机字节序；长度一知道就检查上
限，不要先把帧体缓冲下来；每次 feed 只切一次缓冲区，保持线性时间。
"""
import struct

HEADER = struct.Struct("!I")
"""The frame header: a 4-byte big-endian unsigned length ("!" = network order)."""

MAX_FRAME = 16 * 1024 * 1024
"""The default largest payload accepted (16 MiB)."""


class FrameTooLarge(ValueError):
    """A frame's payload is longer than the allowed maximum."""


class LineTooLong(ValueError):
    """A line (without its delimiter) is longer than the allowed maximum."""


def encode_frame(payload: bytes) -> bytes:
    """Encode one payload as a length-prefixed frame.

    The frame is `HEADER.pack(len(payload)) + payload`: a 4-byte big-endian
    unsigned length, then the payload bytes.

    Args:
        payload: the message, any bytes-like object (bytes, bytearray,
            memoryview). May be empty.

    Returns:
        The frame as `bytes` (4 + len(payload) bytes).

    Raises:
        TypeError: payload is not bytes-like (a `str` must be encoded first).
        FrameTooLarge: len(payload) > MAX_FRAME; the message gives the size.

    Example:
        >>> encode_frame(b"hi")
        b'\\x00\\x00\\x00\\x02hi'
    """
    raise NotImplementedError


class FrameDecoder:
    """Incremental decoder for length-prefixed frames (no I/O).

    Feed it the bytes of a stream in chunks of any size, as `recv` returns
    them; it returns each complete frame's payload once, in order.

    Example:
        >>> d = FrameDecoder()
        >>> d.feed(b"\\x00\\x00\\x00\\x02h")
        []
        >>> d.feed(b"i\\x00\\x00\\x00\\x00")
        [b'hi', b'']
        >>> d.buffered
        0
    """

    def __init__(self, max_frame: int = MAX_FRAME):
        """Create an empty decoder.

        Args:
            max_frame: the largest payload length accepted, in bytes
                (default MAX_FRAME). 0 allows only empty frames.

        Raises:
            TypeError: max_frame is not an int (a bool is not accepted).
            ValueError: max_frame is negative.
        """
        raise NotImplementedError

    def feed(self, data: bytes) -> list[bytes]:
        """Add the next chunk of the stream; return the frames it completes.

        Any chunking works: one byte at a time, a header split across chunks,
        many frames in one chunk, a frame's end plus the next one's start.
        Bytes that do not yet form a complete frame are kept for later calls.

        Args:
            data: the next bytes of the stream (bytes-like; may be empty).

        Returns:
            The payloads (`bytes`) of every frame completed by this chunk, in
            stream order; `[]` if none. Empty payloads are returned as b"".

        Raises:
            TypeError: data is not bytes-like.
            FrameTooLarge: a header announces more than max_frame bytes. It is
                raised as soon as the 4 header bytes are in, before any body
                byte is needed; the message gives the announced size. The
                stream cannot be resynchronised after this: drop the
                connection.

        Work is linear in the input: feeding megabytes of small frames in one
        call must not copy the buffer once per frame.
        """
        raise NotImplementedError

    @property
    def buffered(self) -> int:
        """The number of bytes fed and not yet returned in a frame.

        Header bytes count: after feeding 3 bytes of a header, it is 3; after a
        chunk that completes one frame and carries 2 bytes of the next, it is 2.
        """
        raise NotImplementedError


def send_frame(sock, payload: bytes) -> None:
    """Send one payload as a frame (header, then payload) on a socket.

    Uses `sock.sendall`, so the whole frame is written even when the kernel
    accepts it in parts.

    Args:
        sock: a connected stream socket.
        payload: the message (bytes-like; may be empty).

    Returns:
        None.

    Raises:
        TypeError: payload is not bytes-like.
        FrameTooLarge: len(payload) > MAX_FRAME (nothing is sent).
        OSError: from the socket (e.g. BrokenPipeError when the peer has gone).
    """
    raise NotImplementedError


def recv_frame(sock, max_frame: int = MAX_FRAME) -> bytes | None:
    """Receive exactly one frame from a socket and return its payload.

    Reads with a loop, since one `recv` may return any part of a frame. It
    never asks for more bytes than the frame still needs, so the bytes of the
    next frame stay in the socket for the next call.

    Args:
        sock: a connected stream socket (only `recv` is used).
        max_frame: the largest payload length accepted (default MAX_FRAME).

    Returns:
        The payload as `bytes` (b"" for an empty frame), or None when the peer
        closed cleanly before the first byte of a header (end of stream).

    Raises:
        EOFError: the peer closed inside a frame (part of a header or body
            arrived); the message says how many bytes were missing.
        FrameTooLarge: the header announces more than max_frame bytes; raised
            right after the header, without reading the body.
        TypeError / ValueError: max_frame is not an int / is negative
            (checked before anything is read).
        OSError: from the socket (e.g. TimeoutError, ConnectionResetError).
    """
    raise NotImplementedError


class LineDecoder:
    """Incremental decoder for delimiter-terminated lines (no I/O).

    Example:
        >>> d = LineDecoder(b"\\r\\n")
        >>> d.feed(b"GET / HTTP/1.1\\r")
        []
        >>> d.feed(b"\\nHost: x\\r\\n")
        [b'GET / HTTP/1.1', b'Host: x']
    """

    def __init__(self, delimiter: bytes = b"\n", max_line: int = 65536):
        """Create an empty decoder.

        Args:
            delimiter: the bytes that end a line (bytes-like, at least one
                byte), e.g. b"\\n" or b"\\r\\n".
            max_line: the longest line accepted, in bytes, not counting the
                delimiter (default 65536).

        Raises:
            ValueError: delimiter is empty, or max_line is negative.
            TypeError: delimiter is not bytes-like, or max_line is not an int
                (a bool is not accepted).
        """
        raise NotImplementedError

    def feed(self, data: bytes) -> list[bytes]:
        """Add the next chunk of the stream; return the lines it completes.

        A multi-byte delimiter split across chunks (b"\\r" then b"\\n") is
        found. Bytes after the last delimiter are kept for later calls.

        Args:
            data: the next bytes of the stream (bytes-like; may be empty).

        Returns:
            The complete lines (`bytes`, without the delimiter), in order;
            `[]` if none. An empty line is returned as b"".

        Raises:
            TypeError: data is not bytes-like.
            LineTooLong: a line longer than max_line bytes (delimiter not
                counted). A complete line is rejected when it is found; a line
                still without its delimiter is rejected at the latest once
                max_line + len(delimiter) bytes of it are buffered, so memory
                stays bounded. A line of exactly max_line bytes is accepted,
                also when its delimiter arrives split across chunks. The
                message gives the limit.
        """
        raise NotImplementedError


def encode_netstring(payload: bytes) -> bytes:
    """Encode one payload as a netstring: b"<len>:<payload>,".

    <len> is the payload length in ASCII decimal without leading zeros
    (D. J. Bernstein's spec): b"hello world!" -> b"12:hello world!,", and the
    empty string -> b"0:,".

    Args:
        payload: the message (bytes-like; may be empty).

    Returns:
        The netstring as `bytes`.

    Raises:
        TypeError: payload is not bytes-like.
    """
    raise NotImplementedError


def decode_netstrings(data: bytes) -> tuple[list[bytes], bytes]:
    """Split a byte string into complete netstrings and an unfinished rest.

    For streaming, prepend the returned remainder to the next chunk:
    `done, rest = decode_netstrings(rest + chunk)`.

    Args:
        data: netstrings back to back, possibly ending with a partial one
            (bytes-like).

    Returns:
        (payloads, remainder): the payloads of the complete netstrings, in
        order, and the bytes after them: b"" or a prefix of a netstring that
        can still become valid (b"5:hel", b"12", b"0:").

    Raises:
        TypeError: data is not bytes-like.
        ValueError: as soon as the bytes seen can no longer become valid
            netstrings: a length with a leading zero (b"01", b"00:" are
            invalid; b"0:," is the empty string), an empty or non-digit length
            (b":", b"x", b"+5:", b" 5:"), or a byte other than b"," after the
            payload (b"5:hello!"). The message names the bad bytes.
    """
    raise NotImplementedError
