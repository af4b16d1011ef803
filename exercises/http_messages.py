"""HTTP/1.1 messages: parsing requests and formatting responses (RFC 9110, 9112).

An HTTP/1.1 request is text framed on a TCP byte stream:

    GET /index.html HTTP/1.1\\r\\n          request line: method SP target SP version
    Host: example.com\\r\\n                 header fields: name ":" value
    Content-Length: 5\\r\\n
    \\r\\n                                  an empty line ends the head
    hello                                  body: exactly Content-Length bytes

A response has the same shape with a status line instead of the request line:
`HTTP/1.1 200 OK`. The head is text, but the body is bytes of a length the
head announces, so a reader cannot just split on b"\\r\\n\\r\\n": it must read
the head, decide how long the body is (Content-Length, or
`Transfer-Encoding: chunked`, or no body at all), take exactly that many
bytes, and keep the rest for the next request (pipelining, HTTP's 粘包).

This module is "sans-IO", like h11: `RequestReader.feed` takes whatever
`recv` returned and gives back the complete requests; `format_response` builds
the bytes to `sendall`. Errors are `HttpError` carrying the status code the
server should answer with (400, 413, 431, 501, 505).

Things to get right (the checks test each one):
- the head may arrive in pieces: b"\\r\\n\\r\\n" can be split across two
  chunks, so search the whole buffer, not only the newest chunk;
- header names keep their case and order, and repeated headers all stay;
- Content-Length is ASCII digits only: `int()` also accepts " 12", "+12" and
  "1_0", which an attacker can use to desync two parsers (request smuggling);
- a body belongs to its request: after it, the next bytes are the next request;
- limits are checked before buffering: 431 for a head that never ends, 413
  for a body announced too large;
- a chunked body ends with a zero-size chunk, then trailer lines and an empty
  line, all of which must be consumed;
- responses must not let a header value inject lines (CR, LF → ValueError).

中文概述: 本主题讲 HTTP 请求和响应的格式。请求 = 请求行 (请求类别 请求内容
协议版本, 例如 `GET /index.html HTTP/1.1`) + 请求头 + 空行 + 请求体; 响应 = 响应行
(`HTTP/1.1 200 OK`, 三位数的响应码加附加信息) + 响应头 + 空行 + 响应体。请求类别不
只笔记里列出的八种, 任何 token 都是合法的方法名。笔记有两处错误: 请求行写成了
`GET /index.html /HTTP/1.1` (HTTP 前面没有斜杠), 响应行写成了 `HTTP/1.1 20 OK`
(响应码是三位数, 200)。响应码按首位分类: 1xx 提示信息, 2xx 成功, 3xx 重定向,
4xx 客户端错误, 5xx 服务器端错误。因为 TCP 是字节流, HTTP 也有粘包问题: 一次 recv
可能只有半个请求头, 也可能有好几个请求 (流水线); 请求体的长度由 Content-Length
或 chunked 编码决定, 不能靠 recv 的边界。
"""
from dataclasses import dataclass


class HttpError(ValueError):
    """Given (complete, not part of the exercise): a request that cannot be
    served; `status` is the code to answer with.

    Attributes:
        status: the HTTP status code for the error response (400, 413, 431,
            501, 505).
        detail: a short explanation naming the offending bytes.
        completed: the requests that a `RequestReader.feed` call completed
            before it met the error, in order (so a server can answer them
            first); `[]` otherwise.
    """

    def __init__(self, status: int, detail: str = "", completed=()):
        self.status = status
        self.detail = detail
        self.completed = list(completed)
        super().__init__(f"HTTP {status}: {detail}" if detail else f"HTTP {status}")

    def __reduce__(self):
        # Exceptions pickle as cls(*self.args); ours takes other arguments.
        return (type(self), (self.status, self.detail, self.completed))


@dataclass
class Request:
    """Given (complete, not part of the exercise): one parsed HTTP request.

    Attributes:
        method: the method token as sent ("GET", "POST", "PURGE", ...).
        target: the request target as sent, decoded as ISO-8859-1
            ("/index.html?q=1"); not percent-decoded.
        version: the whole version token, "HTTP/1.0" or "HTTP/1.1".
        headers: the header fields as (name, value) pairs of str, in the
            order sent, names with their case kept, repeated names kept,
            values stripped of surrounding spaces and tabs, decoded as
            ISO-8859-1.
        body: the body bytes (de-chunked for `Transfer-Encoding: chunked`);
            b"" when there is none.
    """

    method: str
    target: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The value of the first header called `name` (case-insensitive), or None.

        Given (complete, not part of the exercise)."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


class RequestReader:
    """Incremental HTTP/1.x request parser for one connection (no I/O).

    Feed it the bytes of a connection in chunks of any size, as `recv`
    returns them; it returns each complete request once, in order. Several
    requests in one chunk (pipelining) are all returned; the start of the
    next one is kept for the next call.

    Example:
        >>> r = RequestReader()
        >>> r.feed(b"GET / HTTP/1.1\\r\\nHo")
        []
        >>> [q.target for q in r.feed(b"st: a\\r\\n\\r\\nGET /2 HTTP/1.0\\r\\n\\r\\n")]
        ['/', '/2']
    """

    def __init__(self, max_head: int = 8192, max_body: int = 1024 * 1024):
        """Create a reader with empty buffers.

        Args:
            max_head: the largest head accepted, in bytes: the request line,
                the header lines and the empty line that ends them, line ends
                included (default 8192). The trailer section of a chunked
                body has the same limit.
            max_body: the largest body accepted, in bytes (after de-chunking;
                default 1 MiB).

        Raises:
            TypeError: max_head or max_body is not an int (a bool is not
                accepted).
            ValueError: max_head or max_body is negative.
        """
        raise NotImplementedError

    def feed(self, data: bytes) -> list[Request]:
        """Add the next chunk of the connection; return the requests it completes.

        Any chunking works: one byte at a time, a head split anywhere
        (b"\\r\\n\\r\\n" itself may be split), several requests with their
        bodies in one chunk. Bytes after the last complete request are kept.

        Args:
            data: the next bytes received (bytes-like; may be empty).

        Returns:
            The complete requests (`Request`), in stream order; `[]` if none.

        Raises:
            TypeError: data is not bytes-like.
            HttpError: the stream holds a bad request (see `parse_request`
                for the statuses), or breaks a limit: 431 as soon as more
                than max_head bytes of a head are buffered without its end
                (and for a complete head longer than max_head); 413 as soon
                as a Content-Length, or the chunk sizes so far, announce more
                than max_body bytes, before that body or chunk is buffered.
                Its `completed` holds the requests this call completed before
                the error, in order. The stream cannot be resynchronised
                after an error: answer `completed`, send the error response
                and close the connection; the reader's state is unspecified.
        """
        raise NotImplementedError


def parse_request(data: bytes) -> Request:
    """Parse exactly one complete HTTP/1.0 or HTTP/1.1 request (RFC 9112).

    The request line is `METHOD SP target SP HTTP/x.y` with single spaces:
    the method is any token (not only the eight methods of the notes, and
    case-sensitive), the target is any run of visible characters, the version
    HTTP/1.0 or HTTP/1.1. Lines end in CRLF; a bare LF is accepted too. Empty
    lines before the request line are ignored (RFC 9112 §2.2). Header lines
    are `name: value`: the name a token with no space before the colon, the
    value stripped of surrounding spaces and tabs. The body is: none without
    Content-Length or Transfer-Encoding; exactly Content-Length bytes; or,
    with `Transfer-Encoding: chunked`, the decoded chunks (hex sizes, upper
    or lower case; chunk extensions ignored; trailer fields read and
    dropped).

    Args:
        data: the bytes of one whole request (bytes-like).

    Returns:
        The `Request`. Its version is the whole token ("HTTP/1.1"); target,
        header names and values are decoded as ISO-8859-1; headers keep
        their order, case and duplicates.

    Raises:
        TypeError: data is not bytes-like.
        HttpError: with `status`
            400: the data is incomplete (a head without its empty line, a
                short body), or bytes follow the request; a malformed request
                line (not exactly three parts separated by single spaces, a
                method that is not a token, a version that is not HTTP/d.d);
                a malformed header line (no colon, space before the colon, a
                name that is not a token); obs-fold (a header line starting
                with a space or tab); a control character other than tab in a
                value; a missing Host in HTTP/1.1, or more than one Host;
                Content-Length that is not ASCII digits (" 12", "+12", "1_0",
                "5, 5") or repeated Content-Length headers that disagree;
                Transfer-Encoding together with Content-Length; a bad chunk
                (size not hex, data not followed by CRLF).
            501: a Transfer-Encoding other than chunked.
            505: a well-formed version other than HTTP/1.0 and HTTP/1.1
                ("HTTP/2.0", "HTTP/0.9").
            431, 413: the head or the body is longer than the default limits
                of `RequestReader` (8192 and 1 MiB).
    """
    raise NotImplementedError


def reason_phrase(status: int) -> str:
    """The standard reason phrase of a status code: 200 -> "OK".

    The phrase is the one `http.HTTPStatus` gives on the running Python
    (some changed in 3.13: 413 is "Content Too Large" there, "Request Entity
    Too Large" before).

    Args:
        status: the status code (an int; a bool is not accepted).

    Returns:
        `http.HTTPStatus(status).phrase`, or "Unknown" for a code it does not
        know (299, 600, -1).

    Raises:
        TypeError: status is not an int.
    """
    raise NotImplementedError


def status_class(status: int) -> str:
    """The class of a status code, from its first digit (RFC 9110 §15).

    Args:
        status: the status code, 100-599 (an int; a bool is not accepted).

    Returns:
        "informational" (1xx), "success" (2xx), "redirection" (3xx),
        "client error" (4xx) or "server error" (5xx).

    Raises:
        TypeError: status is not an int.
        ValueError: status is outside 100-599; the message names it.
    """
    raise NotImplementedError


def format_response(status: int, headers=(), body: bytes = b"") -> bytes:
    """Build the bytes of one HTTP/1.1 response.

    The result is the status line `HTTP/1.1 <code> <reason_phrase(code)>`,
    the given header lines in the given order, `Content-Length: len(body)`
    when the caller gave no Content-Length (names compare case-insensitively;
    a caller's Content-Length is kept as given, e.g. the file size for a
    HEAD response with an empty body), an empty line, then the body. All
    lines end in CRLF. For 1xx, 204 and 304 (which never have a body) no
    Content-Length is added, nor when the caller gave a Transfer-Encoding.

    Args:
        status: the status code, 100-599 (an int; a bool is not accepted).
        headers: a list (or other iterable) of (name, value) pairs, or a dict
            {name: value}. Names are str tokens; values are str (an int is
            written in decimal). Repeated names are all sent.
        body: the body (bytes-like; may be empty).

    Returns:
        The response as `bytes`; header text encoded as ISO-8859-1.

    Raises:
        TypeError: status is not an int, body is not bytes-like, headers is
            not a dict or an iterable of pairs, a name is not a str, or a
            value is not a str or an int.
        ValueError: status outside 100-599; a body with a 1xx, 204 or 304
            status; a name or value containing a control character other than
            tab (CR, LF, NUL, DEL, ...), which would let a value inject
            header lines (response splitting); a name that is not a token
            (empty, spaces, a colon); text not encodable as ISO-8859-1. The
            message names the bad value.
    """
    raise NotImplementedError
