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

Strategy of this reference: `RequestReader` keeps one `bytearray` and a read
offset, parses one request at a time with a small state machine (head, body,
chunk size, chunk data, trailers), and cuts the consumed prefix once per
`feed`. The search for the end of the head resumes where the last search
stopped, so a head fed one byte at a time costs linear time.
"""
import http
import re
from collections.abc import Mapping
from dataclasses import dataclass

# RFC 9110 §5.6.2: token = 1*tchar.
_TCHAR = rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]"
_TOKEN = re.compile(_TCHAR + rb"+")
_REQUEST_LINE = re.compile(
    rb"(" + _TCHAR + rb"+) ([\x21-\x7e\x80-\xff]+) (HTTP/[0-9]\.[0-9])")
_FIELD_LINE = re.compile(rb"(" + _TCHAR + rb"+):(.*)", re.DOTALL)
# RFC 5234 CTL minus HTAB: the bytes a field value may not hold.
_CTL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
_CTL_TEXT = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_DIGITS = re.compile(rb"[0-9]+")
# RFC 9112 §7.1.1: chunk-size [ chunk-ext ]; extensions are ignored.
_CHUNK_LINE = re.compile(rb"([0-9A-Fa-f]+)[ \t]*(?:;[^\x00-\x08\x0a-\x1f\x7f]*)?")
# The empty line that ends a head: "\n\n", or "\n\r\n" (bare LF accepted).
_HEAD_END = re.compile(rb"\n\r?\n")
_VERSIONS = ("HTTP/1.0", "HTTP/1.1")
_NO_BODY = (204, 304)


class HttpError(ValueError):
    """A request that cannot be served; `status` is the code to answer with.

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
    """One parsed HTTP request.

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
        """The value of the first header called `name` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


def _check_bytes(value, name):
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"{name} must be bytes-like, not {type(value).__name__}: {value!r:.80}")


def _check_int(value, name):
    # bool is an int subclass, but True is not a size or a status code.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}: {value!r}")


def _show(raw) -> str:
    """A bounded repr of offending bytes for error messages."""
    raw = bytes(raw)
    return repr(raw) if len(raw) <= 80 else f"{raw[:80]!r}... ({len(raw)} bytes)"


def _split_lines(head: bytes) -> list[bytes]:
    """The lines of a head without their CRLF or bare LF ending."""
    lines = head.split(b"\n")
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


def _parse_field(line: bytes) -> tuple[str, str]:
    """One `name: value` line (RFC 9112 §5) as (name, value) str."""
    if line[:1] in (b" ", b"\t"):
        # obs-fold: RFC 9112 §5.2 lets a server reject it with 400.
        raise HttpError(400, f"obsolete line folding (line starts with whitespace): {_show(line)}")
    match = _FIELD_LINE.fullmatch(line)
    if not match:
        raise HttpError(400, f"malformed header line: {_show(line)}")
    name, value = match.group(1), match.group(2).strip(b" \t")
    if _CTL.search(value):
        raise HttpError(400, f"control character in the value of header {_show(name)}: {_show(value)}")
    return name.decode("ascii"), value.decode("latin-1")


def _body_framing(headers, max_body):
    """('length', n), ('chunked', None) or ('length', 0), from the headers."""
    te = [v for k, v in headers if k.lower() == "transfer-encoding"]
    cl = [v for k, v in headers if k.lower() == "content-length"]
    if te and cl:
        # RFC 9112 §6.1: both together is how requests get smuggled.
        raise HttpError(400, f"both Transfer-Encoding {te!r} and Content-Length {cl!r}")
    if te:
        codings = [c.strip().lower() for c in ",".join(te).split(",") if c.strip()]
        if not codings:
            raise HttpError(400, f"empty Transfer-Encoding: {te!r}")
        if codings != ["chunked"]:
            raise HttpError(501, f"unsupported Transfer-Encoding: {', '.join(te)!r}")
        return "chunked", None
    if not cl:
        return "length", 0
    for value in cl:
        # Not int(): it accepts " 12", "+12", "1_0" and other digits.
        if not _DIGITS.fullmatch(value.encode("latin-1")):
            raise HttpError(400, f"Content-Length is not ASCII digits: {value!r}")
    if len({value.lstrip("0") for value in cl}) > 1:
        raise HttpError(400, f"repeated Content-Length headers disagree: {cl!r}")
    digits = cl[0].lstrip("0") or "0"
    if len(digits) > len(str(max_body)) or int(digits) > max_body:
        raise HttpError(413, f"Content-Length {cl[0]!r} exceeds max_body ({max_body})")
    return "length", int(digits)


def _parse_head(head: bytes, max_body: int):
    """The request line and header lines of one head -> (Request, framing)."""
    request_line, *field_lines = _split_lines(head)
    match = _REQUEST_LINE.fullmatch(request_line)
    if not match:
        raise HttpError(400, f"malformed request line: {_show(request_line)}")
    method, target, version = (part.decode("latin-1") for part in match.groups())
    if version not in _VERSIONS:
        raise HttpError(505, f"HTTP version not supported: {version!r}")
    headers = [_parse_field(line) for line in field_lines]
    hosts = [v for k, v in headers if k.lower() == "host"]
    if len(hosts) > 1:
        raise HttpError(400, f"more than one Host header: {hosts!r}")
    if not hosts and version == "HTTP/1.1":
        raise HttpError(400, "HTTP/1.1 request without a Host header")
    return Request(method, target, version, headers), _body_framing(headers, max_body)


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
        for value, name in ((max_head, "max_head"), (max_body, "max_body")):
            _check_int(value, name)
            if value < 0:
                raise ValueError(f"{name} must be >= 0, got {value!r}")
        self.max_head = max_head
        self.max_body = max_body
        self._buf = bytearray()
        self._pos = 0           # bytes of _buf before this are consumed
        self._scan = 0          # no line end that matters starts before this
        self._state = "head"    # head, body, size, data, data_end, trailer
        self._request = None    # the request whose body is being read
        self._need = 0          # body/chunk bytes still wanted
        self._total = 0         # chunk sizes announced so far
        self._pieces = []       # the chunks of a chunked body

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
        _check_bytes(data, "data")
        self._buf += data
        done = []
        try:
            while (request := self._next()) is not None:
                done.append(request)
        except HttpError as exc:
            exc.completed = done
            raise
        finally:
            del self._buf[:self._pos]  # one cut per feed keeps the work linear
            self._scan = max(0, self._scan - self._pos)
            self._pos = 0
        return done

    # The state machine: each step consumes what it can from _buf[_pos:] and
    # returns a finished Request, or None when it needs more bytes.

    def _next(self):
        while True:
            step = getattr(self, "_step_" + self._state)
            result = step()
            if result is not _CONTINUE:
                return result

    def _line_end(self, start):
        """(end of line content, start of next line) of a line at start, or None."""
        newline = self._buf.find(b"\n", start)
        if newline < 0:
            return None
        end = newline - 1 if newline > start and self._buf[newline - 1] == 0x0D else newline
        return end, newline + 1

    def _find_block(self, limit_status, what):
        """Find the end of a head or trailer section starting at _pos.

        Returns (block bytes without the final empty line, end offset) or None.
        """
        buf, pos = self._buf, self._pos
        match = _HEAD_END.search(buf, max(self._scan, pos))
        if match is None:
            if len(buf) - pos > self.max_head:
                raise HttpError(limit_status,
                                f"{what} longer than max_head ({self.max_head} bytes) without its end")
            self._scan = max(pos, len(buf) - 2)  # "\n\r" may end this chunk
            return None
        end = match.end()
        if end - pos > self.max_head:
            raise HttpError(limit_status, f"{what} of {end - pos} bytes exceeds max_head ({self.max_head})")
        self._scan = end
        return bytes(buf[pos:match.start()]), end

    def _step_head(self):
        buf = self._buf
        # RFC 9112 §2.2: ignore empty lines before the request line.
        while True:
            if buf.startswith(b"\r\n", self._pos):
                self._pos += 2
            elif buf.startswith(b"\n", self._pos):
                self._pos += 1
            else:
                break
        if self._pos == len(buf) or buf[self._pos:self._pos + 2] == b"\r":
            return None  # nothing yet, or a lone b"\r" that may start an empty line
        found = self._find_block(431, "request head")
        if found is None:
            return None
        head, self._pos = found
        request, (framing, length) = _parse_head(head, self.max_body)
        if framing == "chunked":
            self._request, self._total, self._pieces = request, 0, []
            self._state = "size"
            return _CONTINUE
        if length == 0:
            return request
        self._request, self._need = request, length
        self._state = "body"
        return _CONTINUE

    def _step_body(self):
        end = self._pos + self._need
        if len(self._buf) < end:
            return None
        request = self._request
        request.body = bytes(self._buf[self._pos:end])
        self._pos = end
        return self._finish()

    def _step_size(self):
        found = self._line_end(self._pos)
        if found is None:
            if len(self._buf) - self._pos > self.max_head:
                raise HttpError(400, f"chunk-size line longer than {self.max_head} bytes")
            return None
        end, after = found
        line = bytes(self._buf[self._pos:end])
        match = _CHUNK_LINE.fullmatch(line)
        if not match:
            raise HttpError(400, f"malformed chunk-size line: {_show(line)}")
        size = int(match.group(1), 16)
        self._total += size
        if self._total > self.max_body:
            raise HttpError(413, f"chunk sizes so far announce {self._total} bytes, "
                                 f"max_body is {self.max_body}")
        self._pos = after
        if size == 0:
            self._state, self._scan = "trailer", after
        else:
            self._need, self._state = size, "data"
        return _CONTINUE

    def _step_data(self):
        end = self._pos + self._need
        if len(self._buf) < end:
            return None
        self._pieces.append(bytes(self._buf[self._pos:end]))
        self._pos = end
        self._state = "data_end"
        return _CONTINUE

    def _step_data_end(self):
        rest = self._buf[self._pos:self._pos + 2]
        if rest[:1] == b"\n":
            self._pos += 1
        elif rest == b"\r\n":
            self._pos += 2
        elif rest in (b"", b"\r"):
            return None
        else:
            raise HttpError(400, f"chunk data not followed by CRLF: got {_show(rest)}")
        self._state = "size"
        return _CONTINUE

    def _step_trailer(self):
        buf, pos = self._buf, self._pos
        if buf.startswith(b"\r\n", pos) or buf.startswith(b"\n", pos):
            self._pos += 1 if buf[pos] == 0x0A else 2
        else:
            if pos == len(buf) or buf[pos:pos + 2] == b"\r":
                return None  # nothing yet, or a lone b"\r" that may start the empty line
            found = self._find_block(431, "trailer section")
            if found is None:
                return None
            trailers, self._pos = found
            for line in _split_lines(trailers):
                _parse_field(line)  # validated, then dropped
        self._request.body = b"".join(self._pieces)
        self._pieces = []
        return self._finish()

    def _finish(self):
        request, self._request = self._request, None
        self._state = "head"
        self._scan = self._pos
        return request


_CONTINUE = object()  # a state step made progress; run the next step


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
    _check_bytes(data, "data")
    reader = RequestReader()
    reader._buf += data
    request = reader._next()
    if request is None:
        raise HttpError(400, f"incomplete request ({len(data)} bytes): {_show(data[:80])}")
    rest = len(reader._buf) - reader._pos
    if rest:
        raise HttpError(400, f"{rest} bytes after the request: {_show(reader._buf[reader._pos:])}")
    return request


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
    _check_int(status, "status")
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


_CLASSES = {1: "informational", 2: "success", 3: "redirection",
            4: "client error", 5: "server error"}


def _check_status(status):
    _check_int(status, "status")
    if not 100 <= status <= 599:
        raise ValueError(f"status must be in 100-599, got {status!r}")


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
    _check_status(status)
    return _CLASSES[status // 100]


def _encode_field(name, value) -> bytes:
    """b"Name: value\\r\\n", refusing anything that could split the response."""
    if not isinstance(name, str):
        raise TypeError(f"header name must be str, not {type(name).__name__}: {name!r}")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise TypeError(f"header value must be str or int, not {type(value).__name__}: {value!r}")
    if _CTL_TEXT.search(name) or _CTL_TEXT.search(value):
        raise ValueError(f"control character in header {name!r}: {value!r} (response splitting)")
    if not _TOKEN.fullmatch(name.encode("latin-1", "replace")):
        raise ValueError(f"header name is not a token: {name!r}")
    try:
        return b"%s: %s\r\n" % (name.encode("latin-1"), value.encode("latin-1"))
    except UnicodeEncodeError:
        raise ValueError(
            f"header {name!r}: {value!r} is not encodable as ISO-8859-1") from None


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
    _check_status(status)
    _check_bytes(body, "body")
    if body and (status < 200 or status in _NO_BODY):
        raise ValueError(f"a {status} response has no body, got {len(body)} bytes")
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    try:
        pairs = [tuple(pair) for pair in pairs]
    except TypeError:
        raise TypeError(f"headers must be a dict or an iterable of pairs, got {headers!r:.80}") from None
    out = [b"HTTP/1.1 %d %s\r\n" % (status, reason_phrase(status).encode("latin-1"))]
    for pair in pairs:
        if len(pair) != 2:
            raise TypeError(f"a header must be a (name, value) pair, got {pair!r}")
        out.append(_encode_field(*pair))
    names = {name.lower() for name, _ in pairs}
    if not ({"content-length", "transfer-encoding"} & names
            or status < 200 or status in _NO_BODY):
        out.append(b"Content-Length: %d\r\n" % len(body))
    out.append(b"\r\n")
    out.append(bytes(body))
    return b"".join(out)
