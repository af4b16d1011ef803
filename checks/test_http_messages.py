"""Checks for topic 11, http_messages: parsing requests, formatting responses.

Oracles: `h11` parses the same generated requests (differential Hypothesis
tests on the ground h11 and the contract share) and reads back every response
`format_response` makes, as a client; `http.client` reads responses over a
socketpair and parses their headers; `http.HTTPStatus` at run time gives the
reason phrases. Where h11 differs from the contract (obs-fold, list-valued or
repeated Content-Length, TE with CL, versions other than 1.0/1.1, empty lines
before the request line, control bytes in values, bare-LF chunk lines) the
checks use their own fixed vectors. Everything here is pure except the
http.client round trips, which use a socketpair and fixed seeds.

Clause-to-check map (CURRICULUM.md section 11 and the general rules):

| clause | checks |
|---|---|
| parse_request: one complete request, RFC 9112 fields | test_parse_request_line_fields, test_h11_agrees_on_valid_requests |
| incomplete request or anything after it → 400 | test_parse_rejects_incomplete_or_trailing_data, test_h11_agrees_on_valid_requests |
| default limits apply to parse_request | test_parse_request_default_limits |
| feed: any chunking, complete requests in order (pipelining) | test_reader_one_byte_at_a_time, test_reader_pipelined_requests, test_reader_any_chunking, test_h11_agrees_on_valid_requests |
| trailing data stays in the reader for the next request | test_reader_pipelined_requests, test_h11_agrees_on_valid_requests |
| error mid-stream: HttpError carries `completed` | test_reader_error_carries_completed_requests |
| version is the whole token; target, names, values ISO-8859-1 | test_parse_request_line_fields, test_parse_header_values |
| methods are any token (not only the notes' eight) | test_parse_request_line_fields, test_h11_agrees_on_valid_requests |
| HTTP/1.0 or 1.1; other well-formed HTTP/d.d → 505, else 400 | test_parse_version_505_or_400 |
| malformed request line → 400 | test_parse_rejects_malformed_request_line, test_h11_agrees_on_rejections |
| CRLF, bare LF accepted; empty lines before the request line ignored | test_parse_bare_lf_and_leading_empty_lines |
| header names are tokens, no space before the colon → else 400 | test_parse_rejects_malformed_header_lines, test_h11_agrees_on_rejections |
| obs-fold (line starting with SP/HTAB) → 400 | test_parse_rejects_malformed_header_lines |
| values stripped of SP/HTAB, no control chars but tab → else 400 | test_parse_header_values |
| header order, case and duplicates kept | test_parse_headers_keep_case_order_and_duplicates, test_reader_any_chunking |
| missing Host in HTTP/1.1, more than one Host → 400 | test_parse_host_rules, test_h11_agrees_on_rejections |
| no body without Content-Length / Transfer-Encoding; CL body | test_parse_content_length_body, test_reader_pipelined_requests |
| Content-Length ASCII digits only (" 12", "+12", "1_0" …) → 400 | test_parse_content_length_digits_only |
| repeated Content-Length must agree; TE + CL → 400; TE ≠ chunked → 501 | test_parse_framing_header_rules |
| chunked: hex sizes, extensions ignored, trailers read and dropped | test_parse_chunked_body, test_reader_chunked_then_next_request |
| bad chunk → 400 | test_parse_rejects_bad_chunks, test_h11_agrees_on_rejections |
| 431 as soon as > max_head bytes without the end of the head | test_reader_431_as_soon_as_head_exceeds_max_head, test_reader_limits_are_inclusive |
| 413 when Content-Length > max_body, before any body byte | test_reader_413_content_length_before_body, test_reader_limits_are_inclusive |
| 413 when the chunk sizes so far > max_body, before that chunk's data | test_reader_413_chunk_sizes_before_data, test_reader_limits_are_inclusive |
| format_response: status line, headers in order, blank line, body | test_format_response_read_back_by_h11, test_format_response_read_back_by_http_client |
| headers as a list of pairs or a dict | test_format_response_dict_and_pairs |
| Content-Length added only when absent (case-insensitive), caller's kept | test_format_response_content_length_only_when_absent |
| ISO-8859-1 header text; unencodable → ValueError | test_format_response_latin1 |
| control characters in names/values → ValueError (response splitting) | test_format_response_refuses_response_splitting |
| body with 1xx/204/304 → ValueError | test_format_response_bodiless_statuses |
| status outside 100–599 → ValueError | test_format_response_status_range, test_status_class |
| reason_phrase = http.HTTPStatus at run time, else "Unknown" | test_reason_phrase_matches_http_status, test_format_response_read_back_by_h11 |
| status_class names; ValueError outside 100–599 | test_status_class |
| general: wrong type → TypeError (bool is no int), message names the value | test_rejects_bad_argument_types, test_status_class |
| general: wrong value → ValueError/HttpError naming the value | test_parse_content_length_digits_only, test_parse_version_505_or_400, test_format_response_refuses_response_splitting, test_format_response_status_range |
| work stays bounded (limits before buffering) | the 431/413 checks above |

Socket rules of the general section do not apply: nothing here takes a socket.
"""
import http
import http.client
import io
import random
import socket
import string

import h11
import pytest
from hypothesis import assume, given, settings, strategies as st

from harness import deadline, topic

hm = topic("http_messages")

QUICK = 1.0  # seconds for pure code on small input
SLOW = 5.0   # seconds for megabytes, or thousands of one-byte feeds
MAX_HEAD = 8192          # the contract's default limits, not read from the implementation
MAX_BODY = 1024 * 1024

PROPERTY = settings(max_examples=60)

HOST = b"Host: example.com"
TCHAR = "!#$%&'*+-.^_`|~" + string.digits + string.ascii_letters
VCHAR = "".join(map(chr, range(0x21, 0x7F)))
LATIN = "".join(map(chr, range(0xA0, 0x100)))
# Names h11 treats specially (framing, upgrades): the differential tests
# choose them on purpose or not at all.
SPECIAL = {"host", "content-length", "transfer-encoding", "connection", "upgrade",
           "expect", "te", "trailer", "keep-alive"}


# ------------------------------------------------------------------ helpers


def _short(value, limit=200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def _wire(line: bytes, *headers: bytes, body: bytes = b"", eol: bytes = b"\r\n") -> bytes:
    """A request: the line, the header lines, the empty line, the body."""
    return b"".join(part + eol for part in (line, *headers)) + eol + body


def _get(target: bytes = b"/", *headers: bytes) -> bytes:
    return _wire(b"GET " + target + b" HTTP/1.1", HOST, *headers)


def _chunked(body_wire: bytes, *headers: bytes) -> bytes:
    return _wire(b"POST /upload HTTP/1.1", HOST, b"Transfer-Encoding: chunked",
                 *headers, body=body_wire)


def _fields(request) -> tuple:
    """A request as plain data, for comparisons and messages."""
    return (request.method, request.target, request.version,
            [tuple(pair) for pair in request.headers], bytes(request.body))


def _fields_all(requests) -> list:
    return [_fields(r) for r in requests]


def _parse(data, what=None):
    call = what or f"parse_request({_short(bytes(data))})"
    with deadline(QUICK, call, "does a loop wait for bytes that never come?"):
        try:
            return hm.parse_request(data)
        except hm.HttpError as exc:
            pytest.fail(f"{call} raised HttpError({exc.status}, {str(exc)!r}); expected it "
                        "to parse: the request is valid")


def _rejects(data, status, why):
    """parse_request(data) must raise HttpError(status); returns the exception."""
    call = f"parse_request({_short(bytes(data))})"
    with deadline(QUICK, call, "does a loop wait for bytes that never come?"):
        try:
            got = hm.parse_request(data)
        except hm.HttpError as exc:
            assert exc.status == status, (
                f"{call} raised HttpError with status {exc.status} ({str(exc)!r}); "
                f"expected {status}: {why}")
            return exc
        except NotImplementedError:
            raise
        except Exception as exc:
            pytest.fail(f"{call} raised {type(exc).__name__}({exc}); expected "
                        f"HttpError({status}): {why}. Turn every parse failure into "
                        "HttpError with the status to answer")
    pytest.fail(f"{call} returned {_short(_fields(got))}; expected HttpError({status}): {why}")


def _feed(reader, chunks, what="RequestReader().feed"):
    out = []
    with deadline(SLOW, what, "does feed loop when no complete request is left?"):
        for chunk in chunks:
            out.extend(reader.feed(chunk))
    return out


def _bytewise(data: bytes) -> list[bytes]:
    return [data[i:i + 1] for i in range(len(data))]


def _feed_until_error(reader, chunks, what, expected="an HttpError"):
    """Feed chunks; return (HttpError, index of the chunk that raised) or fail."""
    with deadline(SLOW, what, "does feed loop when no complete request is left?"):
        for i, chunk in enumerate(chunks):
            try:
                reader.feed(chunk)
            except hm.HttpError as exc:
                return exc, i
    pytest.fail(f"{what}: feeding all {len(chunks)} chunks raised no HttpError; expected {expected}")


def _phrase(status: int) -> str:
    """The reason phrase the contract asks for, from http.HTTPStatus at run time."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _h11_request(wire: bytes) -> tuple:
    """h11 (as a server) parses one whole request: the fields, as _fields gives them."""
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(wire)
    event = conn.next_event()
    assert isinstance(event, h11.Request), f"h11 read {event!r} from {_short(wire)}"
    body = b""
    while not isinstance(got := conn.next_event(), h11.EndOfMessage):
        assert isinstance(got, h11.Data), f"h11 read {got!r} from {_short(wire)}"
        body += got.data
    headers = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in event.headers.raw_items()]
    return (event.method.decode("latin-1"), event.target.decode("latin-1"),
            "HTTP/" + event.http_version.decode(), headers, body)


def _h11_status(wire: bytes):
    """The status h11 answers a bad request with, or None if it accepts it."""
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(wire)
    try:
        while not isinstance(event := conn.next_event(), h11.EndOfMessage):
            if event is h11.NEED_DATA:
                return "incomplete"
    except h11.RemoteProtocolError as exc:
        return exc.error_status_hint
    return None


def _h11_response(raw: bytes, method: str = "GET"):
    """h11 (as a client that sent `method /`) reads one response.

    Returns (status, reason, [(name, value)], body): names and values
    decoded as ISO-8859-1; nothing may be left over.
    """
    status = int(raw[9:12]) if raw[:9] == b"HTTP/1.1 " and raw[9:12].isdigit() else 0
    conn = h11.Connection(h11.CLIENT)
    headers = [("Host", "example.com")]
    if status == 101:  # h11 takes a 101 only after an Upgrade proposal
        headers += [("Connection", "upgrade"), ("Upgrade", "netlab")]
    conn.send(h11.Request(method=method, target="/", headers=headers))
    conn.send(h11.EndOfMessage())
    conn.receive_data(raw)
    try:
        head = conn.next_event()
        body = b""
        if isinstance(head, h11.Response):
            while not isinstance(event := conn.next_event(), h11.EndOfMessage):
                assert isinstance(event, h11.Data), (
                    f"h11 read {event!r} in the body of {_short(raw)}: the body is "
                    "shorter than its Content-Length")
                body += event.data
            left = conn.trailing_data[0]
        elif isinstance(head, h11.InformationalResponse):
            left = conn.trailing_data[0] if head.status_code == 101 else b""
            if head.status_code != 101:
                assert conn.next_event() is h11.NEED_DATA, f"bytes after the 1xx head in {_short(raw)}"
        else:
            raise AssertionError(f"h11 read {head!r} from {_short(raw)}: the head is incomplete")
    except h11.RemoteProtocolError as exc:
        raise AssertionError(f"h11 refused the response {_short(raw)}: {exc}") from None
    assert left == b"", (
        f"h11 read the response {_short(raw)} and found {_short(left)} left over: the "
        "body is longer than its Content-Length")
    pairs = [(n.decode("latin-1"), v.decode("latin-1")) for n, v in head.headers.raw_items()]
    return head.status_code, head.reason.decode("latin-1"), pairs, body


def _header_lines(raw: bytes):
    """http.client's header parser on the head of a response: an HTTPMessage."""
    stream = io.BytesIO(raw)
    stream.readline()  # the status line
    return http.client.parse_headers(stream)


class _BytesSocket:
    """Just enough of a socket for http.client.HTTPResponse: makefile() over bytes (pure)."""

    def __init__(self, raw: bytes):
        self.raw = raw

    def makefile(self, mode="rb", *args, **kwargs):
        return io.BytesIO(self.raw)


def _client_parse(raw: bytes, method: str = "GET"):
    """http.client reads one response from bytes: (status, reason, headers, body, left over)."""
    response = http.client.HTTPResponse(_BytesSocket(raw), method=method)
    try:
        response.begin()
        body = response.read()
        left = response.fp.read() if response.fp else b""
        return response.status, response.reason, response.getheaders(), body, left
    finally:
        response.close()


def _client_response(raw: bytes, method: str = "GET"):
    """http.client reads one response from a socketpair: (status, reason, headers, body)."""
    reader, writer = socket.socketpair()
    with reader, writer:
        reader.settimeout(QUICK)
        writer.sendall(raw)
        writer.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(reader, method=method)
        try:
            with deadline(QUICK, "http.client reading the response"):
                response.begin()
                body = response.read()
            return response.status, response.reason, response.getheaders(), body
        finally:
            response.close()


def _format(status, headers=(), body=b""):
    call = f"format_response({status!r}, {_short(headers, 120)}, {_short(body, 60)})"
    with deadline(QUICK, call):
        raw = hm.format_response(status, headers, body)
    assert type(raw) is bytes, f"{call} returned {type(raw).__name__}, expected bytes"
    return raw


def _format_rejects(exc_type, status, headers=(), body=b"", why=""):
    call = f"format_response({status!r}, {_short(headers, 120)}, {_short(body, 60)})"
    with deadline(QUICK, call):
        try:
            got = hm.format_response(status, headers, body)
        except exc_type as exc:
            return exc
    pytest.fail(f"{call} returned {_short(got)}; expected {exc_type.__name__}: {why}")


def _without_content_length(pairs):
    return [(n, v) for n, v in pairs if n.lower() != "content-length"]


# -------------------------------------------------------- generated requests

tokens = st.text(alphabet=TCHAR, min_size=1, max_size=10)
names = tokens.map(lambda n: "X-" + n if n.lower() in SPECIAL else n)
values = st.text(alphabet=VCHAR + LATIN + " \t", max_size=24).map(lambda v: v.strip(" \t"))
ows = st.sampled_from(["", " ", "  ", "\t", " \t "])
methods = st.one_of(
    st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH",
                     "PURGE", "M-SEARCH", "get"]),
    tokens)
targets = st.one_of(st.just("*"), st.text(alphabet=VCHAR, max_size=30).map(lambda t: "/" + t))


@st.composite
def requests(draw, version=None):
    """A valid request on h11's common ground: (wire, expected fields, parts).

    parts = (request line, [header lines], body wire) as bytes, for mutations.
    """
    version = version or draw(st.sampled_from(["HTTP/1.1", "HTTP/1.0"]))
    method, target = draw(methods), draw(targets)
    headers = draw(st.lists(st.tuples(names, values), max_size=4))

    def insert(pair):
        headers.insert(draw(st.integers(0, len(headers))), pair)

    if version == "HTTP/1.1" or draw(st.booleans()):
        insert((draw(st.sampled_from(["Host", "host", "HOST"])),
                draw(st.text(alphabet=string.ascii_lowercase + string.digits + ".-:",
                             max_size=20))))
    framing = draw(st.sampled_from(
        ["none", "length", "chunked"] if version == "HTTP/1.1" else ["none", "length"]))
    body, body_wire = b"", b""
    if framing == "length":
        body = body_wire = draw(st.binary(max_size=60))
        insert((draw(st.sampled_from(["Content-Length", "content-length"])), str(len(body))))
    elif framing == "chunked":
        pieces = draw(st.lists(st.binary(min_size=1, max_size=40), max_size=4))
        body = b"".join(pieces)
        insert((draw(st.sampled_from(["Transfer-Encoding", "transfer-encoding"])), "chunked"))
        for piece in pieces + [b""]:
            size = "0" * draw(st.integers(0, 2)) + format(len(piece), draw(st.sampled_from("xX")))
            ext = draw(st.sampled_from(["", ";a", ";name=value", ';q="x y"', ";a=1;b=2"]))
            body_wire += f"{size}{ext}\r\n".encode() + piece + (b"\r\n" if piece else b"")
        trailers = draw(st.lists(st.tuples(names, values), max_size=2))
        body_wire += b"".join(f"{n}: {v}\r\n".encode("latin-1") for n, v in trailers) + b"\r\n"
    line = f"{method} {target} {version}".encode("latin-1")
    lines = [f"{n}:{draw(ows)}{v}{draw(ows)}".encode("latin-1") for n, v in headers]
    wire = _wire(line, *lines, body=body_wire)
    return wire, (method, target, version, headers, body), (line, lines, body_wire)


# ---------------------------------------------------------- parse_request


def test_parse_request_line_fields():
    """parse_request returns method, target, version token, headers and body of a simple request.

    Hint: split the request line on single spaces into exactly three parts;
    the version is the whole token "HTTP/1.1"; any token is a method (PURGE,
    M-SEARCH, lowercase "get"), not only the eight methods of the notes.

    中文: 检查 parse_request 对简单请求解析出的请求类别、请求内容、协议版本、请求头和请求体。

    提示: 请求行按单个空格切成三段; 协议版本是完整的 "HTTP/1.1"; 请求类别可以是任何 token
    (PURGE、M-SEARCH、小写的 get 都合法), 不只是笔记里列出的八种。
    """
    wire = _wire(b"GET /index.html?q=1 HTTP/1.1", HOST, b"Accept: */*")
    want = ("GET", "/index.html?q=1", "HTTP/1.1", [("Host", "example.com"), ("Accept", "*/*")], b"")
    got = _fields(_parse(wire))
    assert got == want, f"parse_request({wire!r}) returned {got!r}; expected {want!r}"
    request = _parse(wire)
    for attr, kind in [("method", str), ("target", str), ("version", str), ("body", bytes)]:
        assert type(getattr(request, attr)) is kind, (
            f"parse_request({wire!r}).{attr} is {type(getattr(request, attr)).__name__}, "
            f"expected {kind.__name__}")
    for kind in (bytearray, memoryview):
        got = _fields(_parse(kind(wire), f"parse_request({kind.__name__}(...))"))
        assert got == want, f"parse_request({kind.__name__}({wire!r})) returned {got!r}"
    for method in ["PURGE", "M-SEARCH", "get", "X~!#$%&'*+-.^_`|"]:
        wire = _wire(method.encode() + b" / HTTP/1.0")
        got = _fields(_parse(wire))
        assert got == (method, "/", "HTTP/1.0", [], b""), (
            f"parse_request({wire!r}) returned {got!r}; expected method {method!r} as "
            "sent: any token is a method, and its case is kept")
    wire = _wire(b"OPTIONS * HTTP/1.0")
    got = _fields(_parse(wire))
    assert got == ("OPTIONS", "*", "HTTP/1.0", [], b""), f"parse_request({wire!r}) returned {got!r}"


@pytest.mark.points(2)
def test_parse_headers_keep_case_order_and_duplicates():
    """parse_request keeps header names as sent, in order, with every repeated header.

    Hint: don't lowercase names and don't put headers in a dict: two
    Set-Cookie or Accept lines are two entries. Case-insensitive lookup is
    what Request.header() is for.

    中文: 检查请求头保持原样: 名字的大小写、顺序不变, 重复的请求头都保留。

    提示: 不要把名字转成小写, 也不要把请求头存进 dict: 两行 Accept 就是两项。
    不区分大小写的查找交给 Request.header() 去做。
    """
    wire = _get(b"/", b"X-Trace: 1", b"accept: text/html", b"X-Trace: 2",
                b"ACCEPT-Language: en", b"Accept: */*", b"X-Trace: 1")
    got = _parse(wire)
    want = [("Host", "example.com"), ("X-Trace", "1"), ("accept", "text/html"),
            ("X-Trace", "2"), ("ACCEPT-Language", "en"), ("Accept", "*/*"), ("X-Trace", "1")]
    assert [tuple(h) for h in got.headers] == want, (
        f"parse_request({wire!r}).headers is {got.headers!r}; expected {want!r}: names as "
        "sent, in order, repeated headers (even identical ones) all kept")
    assert got.header("ACCEPT") == "text/html" and got.header("x-trace") == "1", (
        f"Request.header() on {got.headers!r} gave {got.header('ACCEPT')!r} and "
        f"{got.header('x-trace')!r}; expected the first values 'text/html' and '1'")


def test_parse_header_values():
    """parse_request strips spaces and tabs around values, decodes ISO-8859-1, and refuses control characters.

    Hint: strip(" \\t"), not strip(" ") nor strip() (which also eats other
    whitespace); a tab inside a value is fine; NUL, a bare CR, DEL and the
    other control bytes are 400. Decode with "latin-1", not UTF-8.

    中文: 检查请求头的值: 去掉两边的空格和制表符, 按 ISO-8859-1 解码, 拒绝控制字符。

    提示: 用 strip(" \\t"), 不是 strip(" "), 也不是 strip(); 值中间的制表符可以保留; NUL、
    单独的 CR、DEL 等控制字节要返回 400。解码用 latin-1, 不是 UTF-8。
    """
    for line, value in [(b"X-A:  a b \t", "a b"), (b"X-A:\tv\t", "v"), (b"X-A:", ""),
                        (b"X-A: \t \t", ""), (b"X-A:a\tb", "a\tb"), (b"X-A: \xe9t\xe9 ", "\xe9t\xe9"),
                        (b"X-A: \xa0x\xa0", "\xa0x\xa0")]:
        wire = _get(b"/", line)
        got = _parse(wire).headers
        assert [tuple(h) for h in got] == [("Host", "example.com"), ("X-A", value)], (
            f"parse_request({wire!r}).headers is {got!r}; expected the value {value!r}: "
            "strip spaces and tabs (only those) around it, decode ISO-8859-1")
    wire = _get(b"/caf\xe9?x=\xff")
    got = _parse(wire).target
    assert got == "/caf\xe9?x=\xff", (
        f"parse_request({wire!r}).target is {got!r}; expected '/caf\\xe9?x=\\xff': the "
        "target is decoded as ISO-8859-1, not UTF-8, and not percent-decoded")
    for bad in [b"a\x00b", b"a\x01", b"\x1fx", b"a\rb", b"a\x7fb", b"a\x0bb", b"a\x0cb"]:
        _rejects(_get(b"/", b"X-A: " + bad), 400,
                 f"the value {bad!r} holds a control character (only tab is allowed)")


def test_parse_bare_lf_and_leading_empty_lines():
    """parse_request accepts lines ending in a bare LF and ignores empty lines before the request line.

    Hint: RFC 9112 lets a server accept LF for CRLF: end the head at the first
    empty line, whether written b"\\r\\n\\r\\n", b"\\n\\n" or mixed. Empty lines
    before the request line (left over after a POST body) are skipped.

    中文: 检查只用 LF 结尾的行也能解析, 请求行前面的空行被忽略。

    提示: RFC 9112 允许服务端把单独的 LF 当作 CRLF: 请求头在第一个空行处结束, 不管写成
    \\r\\n\\r\\n、\\n\\n 还是混用。请求行之前的空行 (常见于 POST 请求体之后) 要跳过。
    """
    want = ("GET", "/", "HTTP/1.1", [("Host", "example.com")], b"")
    for wire in [b"GET / HTTP/1.1\nHost: example.com\n\n",
                 b"GET / HTTP/1.1\r\nHost: example.com\n\r\n",
                 b"GET / HTTP/1.1\nHost: example.com\r\n\n",
                 b"\r\nGET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
                 b"\n\r\n\nGET / HTTP/1.1\nHost: example.com\n\n"]:
        got = _fields(_parse(wire))
        assert got == want, f"parse_request({wire!r}) returned {got!r}; expected {want!r}"
    wire = (b"POST / HTTP/1.1\nHost: example.com\nTransfer-Encoding: chunked\n\n"
            b"5\nhello\n0\nX-T: 1\n\n")
    got = _parse(wire).body
    assert got == b"hello", (
        f"parse_request({wire!r}).body is {got!r}; expected b'hello': chunk lines and "
        "trailers may end in a bare LF too")
    reader = hm.RequestReader()
    post = _wire(b"POST /a HTTP/1.1", HOST, b"Content-Length: 2", body=b"hi")
    got = _fields_all(_feed(reader, [post + b"\r\n" + _get(b"/b")]))
    assert [g[1] for g in got] == ["/a", "/b"], (
        f"RequestReader().feed(<POST with a body, an extra CRLF, GET /b>) returned "
        f"{_short(got)}; expected the two requests: the empty line between them is ignored")


def test_parse_content_length_body():
    """parse_request reads exactly Content-Length body bytes, whatever they hold, and no body without it.

    Hint: the body is bytes of a known length, not text: it may contain
    b"\\r\\n\\r\\n" or a whole request line. Without Content-Length or
    Transfer-Encoding a request has no body.

    中文: 检查 parse_request 按 Content-Length 读取正好那么多字节的请求体。

    提示: 请求体是长度已知的字节, 不是文本, 里面可能有 \\r\\n\\r\\n 甚至整行请求行。没有
    Content-Length 也没有 Transfer-Encoding 的请求没有请求体。
    """
    for body in [b"hello", b"", b"a\r\n\r\nb", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                 bytes(range(256))]:
        wire = _wire(b"POST /form HTTP/1.1", HOST, b"Content-Length: %d" % len(body), body=body)
        got = _parse(wire)
        assert got.body == body, (
            f"parse_request(<POST with Content-Length: {len(body)} and body {_short(body)}>) "
            f"returned body {_short(got.body)}; expected exactly those {len(body)} bytes")
        assert [tuple(h) for h in got.headers] == [
            ("Host", "example.com"), ("Content-Length", str(len(body)))], (
            f"headers came back as {got.headers!r}; the Content-Length header stays in the list")
    wire = _wire(b"PUT /x HTTP/1.0", b"Content-Length: 000", body=b"")
    got = _fields(_parse(wire))
    assert got[4] == b"", f"parse_request({wire!r}) returned {got!r}; expected an empty body"


@pytest.mark.points(2)
def test_parse_chunked_body():
    """parse_request decodes Transfer-Encoding: chunked: hex sizes, extensions ignored, trailers dropped.

    Hint: a chunk is `<hex size>[;ext]CRLF <data> CRLF`; sizes are hex in
    either case ("1A", "1a", "001a"); split the extension off at ";" before
    int(size, 16); after the 0 chunk come trailer lines and an empty line,
    which belong to the request, not to the body or the headers.

    中文: 检查 chunked 编码的请求体: 十六进制长度、忽略扩展、读掉并丢弃 trailer。

    提示: 每块是 `<十六进制长度>[;扩展]CRLF <数据> CRLF`; 长度大小写都可以 ("1A"、"1a"、
    "001a"); 先在 ";" 处去掉扩展再 int(size, 16); 0 长度块之后是 trailer 行和一个空行,
    它们属于这个请求, 既不是请求体也不是请求头。
    """
    data = bytes(range(26)) + b"\r\n\r\n"
    cases = [
        (b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", b"hello world"),
        (b"1E\r\n" + data + b"\r\n0\r\n\r\n", data),
        (b"1e\r\n" + data + b"\r\n000\r\n\r\n", data),
        (b"001A;name=value\r\n" + data[:26] + b"\r\n0;last\r\n\r\n", data[:26]),
        (b'5;a=1;b="x y";c\r\nhello\r\n0\r\nX-Trailer: 1\r\nX-Other: two\r\n\r\n', b"hello"),
        (b"0\r\n\r\n", b""),
        (b"0\r\nExpires: never\r\n\r\n", b""),
    ]
    for body_wire, body in cases:
        wire = _chunked(body_wire)
        got = _parse(wire)
        assert got.body == body, (
            f"parse_request(<chunked request with body {_short(body_wire)}>) returned body "
            f"{_short(got.body)}; expected {_short(body)}")
        assert [tuple(h) for h in got.headers] == [
            ("Host", "example.com"), ("Transfer-Encoding", "chunked")], (
            f"headers came back as {got.headers!r} for the chunked body {_short(body_wire)}; "
            "trailer fields are read and dropped, not added to the headers")


def test_parse_rejects_malformed_request_line():
    """parse_request answers 400 for request lines that are not `METHOD SP target SP HTTP/d.d`.

    Hint: split(" ") into exactly three non-empty parts (line.split() with no
    argument accepts tabs and double spaces); the method must be a token and
    the target must have no control characters. The notes' `GET /index.html
    /HTTP/1.1` is malformed: there is no slash before HTTP.

    中文: 检查格式不对的请求行返回 400。

    提示: 用 split(" ") 切成三段且每段非空 (不带参数的 split() 会接受制表符和连续空格);
    请求类别必须是 token, 请求内容里不能有控制字符。笔记里的 `GET /index.html /HTTP/1.1`
    是错的: HTTP 前面没有斜杠。
    """
    for line in [b"GET /", b"GET  / HTTP/1.1", b"GET / HTTP/1.1 extra", b"GET\t/\tHTTP/1.1",
                 b" GET / HTTP/1.1", b"GET / HTTP/1.1 ", b"GE(T / HTTP/1.1", b"GET /a b HTTP/1.1",
                 b"/ HTTP/1.1", b"GET /\x01 HTTP/1.1", b"GET /index.html /HTTP/1.1",
                 b"GET / HTTP/1.1\rX", b"\x00GET / HTTP/1.1", b"G\xc9T / HTTP/1.1"]:
        _rejects(_wire(line, HOST), 400, f"the request line {line!r} is malformed")


def test_parse_version_505_or_400():
    """parse_request answers 505 for a well-formed version other than 1.0/1.1, and 400 for a malformed one.

    Hint: first check the shape HTTP/<digit>.<digit> (else 400), then whether
    you support it (else 505 HTTP Version Not Supported).

    中文: 检查协议版本: 格式正确但不是 1.0/1.1 返回 505, 格式错误返回 400。

    提示: 先看是不是 HTTP/数字.数字 的形状 (不是就 400), 再看是否支持 (不支持就 505)。
    """
    for version in [b"HTTP/2.0", b"HTTP/0.9", b"HTTP/1.2", b"HTTP/3.0", b"HTTP/9.9"]:
        exc = _rejects(_wire(b"GET / " + version, HOST), 505,
                       f"{version.decode()} is a well-formed version this server does not support")
        assert version.decode() in str(exc), (
            f"HttpError(505) for {version!r} says {str(exc)!r}; the message should name the "
            "version it refuses")
    for version in [b"HTTP/2", b"HTTP/1.10", b"HTTP/11", b"http/1.1", b"HTTPS/1.1",
                    b"HTTP/a.b", b"HTTP/1.1.1", b"HTTP/"]:
        _rejects(_wire(b"GET / " + version, HOST), 400,
                 f"{version!r} is not of the form HTTP/<digit>.<digit>")


def test_parse_rejects_malformed_header_lines():
    """parse_request answers 400 for header lines without a token name and colon, and for obs-fold.

    Hint: the name runs up to the first colon and must be a non-empty token:
    "Host : x" (space before the colon) is forbidden by RFC 9112 because
    parsers disagree on it. A line starting with a space or tab is obsolete
    line folding: reject it (400), don't glue it to the previous value.

    中文: 检查格式不对的请求头行 (没有冒号、名字不是 token、冒号前有空格) 和折行都返回 400。

    提示: 名字到第一个冒号为止, 必须是非空的 token; "Host : x" (冒号前有空格) 被 RFC 9112
    禁止, 因为不同的解析器理解不一样。以空格或制表符开头的行是过时的折行 (obs-fold): 返回
    400, 不要把它拼到上一个值后面。
    """
    for line in [b"X-A : v", b"X-A\t: v", b"NoColonHere", b": v", b"X A: v", b"X(A): v",
                 b"X/A: v", b"\xdcber: v", b"X\x00: v"]:
        _rejects(_get(b"/", line), 400, f"the header line {line!r} is malformed")
    for wire in [_get(b"/", b"X-A: one", b" two"), _get(b"/", b"X-A: one", b"\ttwo"),
                 _wire(b"GET / HTTP/1.1", b" X-A: v", HOST), _wire(b"GET / HTTP/1.0", b"\tX: v")]:
        _rejects(wire, 400, "a header line starting with a space or tab is obs-fold")


def test_parse_host_rules():
    """parse_request requires exactly one Host in HTTP/1.1, at most one in HTTP/1.0.

    Hint: RFC 9112 §3.2: a 1.1 request without Host, or any request with two,
    is a 400. Names compare case-insensitively ("host", "HOST").

    中文: 检查 Host: HTTP/1.1 必须正好一个, HTTP/1.0 最多一个。

    提示: RFC 9112 §3.2: 1.1 请求缺少 Host, 或任何请求有两个 Host, 都返回 400。
    名字比较不区分大小写 ("host"、"HOST")。
    """
    _rejects(_wire(b"GET / HTTP/1.1", b"Accept: */*"), 400, "HTTP/1.1 requires a Host header")
    got = _fields(_parse(_wire(b"GET / HTTP/1.1", b"host: a")))
    assert got[3] == [("host", "a")], f"a lowercase 'host' header came back as {got[3]!r}"
    got = _fields(_parse(_wire(b"GET / HTTP/1.0", b"Accept: */*")))
    assert got == ("GET", "/", "HTTP/1.0", [("Accept", "*/*")], b""), (
        f"parse_request(<HTTP/1.0 request without Host>) returned {got!r}; HTTP/1.0 "
        "does not require Host")
    for version in (b"HTTP/1.1", b"HTTP/1.0"):
        for second in (b"Host: b", b"HOST: example.com", b"host: c"):
            _rejects(_wire(b"GET / " + version, HOST, second), 400,
                     f"two Host headers ({HOST!r} and {second!r})")


@pytest.mark.points(2)
def test_parse_content_length_digits_only():
    """parse_request accepts only ASCII digits as Content-Length: "+12", "1_0", "-0", NBSP, "5, 5" are 400.

    Hint: int() accepts "+12", "1_0", " 12" with Unicode spaces (\\xa0) and
    "-0": two servers that read such a length differently can be made to see
    different requests (request smuggling). Check the value is all ASCII
    digits (e.g. a regex [0-9]+) before converting.

    中文: 检查 Content-Length 只接受 ASCII 数字: "+12"、"1_0"、"-0"、不换行空格、"5, 5" 都是 400。

    提示: int() 会接受 "+12"、"1_0"、带 \\xa0 空格的 " 12" 和 "-0":
    两个服务器对长度理解不同, 攻击者就能让它们看到不同的请求 (请求走私)。
    转换之前先确认整个值都是 ASCII 数字 (比如正则 [0-9]+)。
    """
    for value in [b"+12", b"1_0", b"-0", b"\xa012", b"12\xa0", b"0x10", b"1e1", b"1.0",
                  b"5, 5", b"\xb2", b"", b"12 3"]:
        body = b"x" * 12
        exc = _rejects(_wire(b"POST / HTTP/1.1", HOST, b"Content-Length: " + value, body=body),
                       400, f"Content-Length {value!r} is not ASCII digits")
        if value.strip():
            shown = value.decode("latin-1")
            assert shown in str(exc) or repr(shown) in str(exc), (
                f"HttpError(400) for Content-Length {value!r} says {str(exc)!r}; the "
                "message should name the bad value")
    wire = _wire(b"POST / HTTP/1.1", HOST, b"Content-Length: 0012", body=b"x" * 12)
    got = _parse(wire).body
    assert got == b"x" * 12, f"Content-Length 0012 gave body {got!r}; expected 12 bytes"


def test_parse_framing_header_rules():
    """parse_request: repeated Content-Length must agree (else 400), TE with CL is 400, TE other than chunked 501.

    Hint: don't just take the first Content-Length: two different ones, or
    Transfer-Encoding plus Content-Length, is how requests are smuggled
    (RFC 9112 §6.3). A Transfer-Encoding you cannot decode is 501 Not
    Implemented, not "no body".

    中文: 检查 Content-Length 重复时必须一致 (否则 400), TE 与 CL 同时出现是 400, 不是 chunked 的 TE 是 501。

    提示: 不要只取第一个 Content-Length: 两个不同的值, 或者 Transfer-Encoding 加
    Content-Length, 正是请求走私的手法 (RFC 9112 §6.3)。解不了的 Transfer-Encoding 返回 501,
    而不是当作没有请求体。
    """
    wire = _wire(b"POST / HTTP/1.1", HOST, b"Content-Length: 5", b"Content-Length: 5", body=b"hello")
    got = _parse(wire)
    assert got.body == b"hello" and [tuple(h) for h in got.headers].count(("Content-Length", "5")) == 2, (
        f"parse_request(<two 'Content-Length: 5' and body b'hello'>) returned "
        f"{_short(_fields(got))}; expected body b'hello' and both headers kept")
    _rejects(_wire(b"POST / HTTP/1.1", HOST, b"Content-Length: 5", b"Content-Length: 6",
                   body=b"hello!"), 400, "two Content-Length headers disagree (5 and 6)")
    _rejects(_wire(b"POST / HTTP/1.1", HOST, b"Content-Length: 6", b"content-length: 5",
                   body=b"hello!"), 400, "two Content-Length headers disagree (6 and 5)")
    for headers in [(b"Transfer-Encoding: chunked", b"Content-Length: 5"),
                    (b"Content-Length: 5", b"Transfer-Encoding: chunked")]:
        _rejects(_wire(b"POST / HTTP/1.1", HOST, *headers, body=b"0\r\n\r\n"), 400,
                 "Transfer-Encoding together with Content-Length")
    for coding in [b"gzip", b"gzip, chunked", b"identity", b"compress, chunked"]:
        _rejects(_wire(b"POST / HTTP/1.1", HOST, b"Transfer-Encoding: " + coding,
                       body=b"0\r\n\r\n"), 501, f"Transfer-Encoding {coding!r} is not chunked")


def test_parse_rejects_bad_chunks():
    """parse_request answers 400 for a chunk size that is not hex, or chunk data not followed by CRLF.

    Hint: int(s, 16) accepts "+5", "0x5", " 5" and "5_0": check the size is
    hex digits first. After the data comes CRLF: check it, don't skip two
    bytes blindly.

    中文: 检查错误的 chunk: 长度不是十六进制, 或数据后面不是 CRLF, 都返回 400。

    提示: int(s, 16) 会接受 "+5"、"0x5"、" 5"、"5_0": 先确认长度全是十六进制数字。
    数据后面必须是 CRLF: 要检查, 不能盲目跳过两个字节。
    """
    for body_wire in [b"zz\r\nhello\r\n0\r\n\r\n", b"\r\nhello\r\n0\r\n\r\n",
                      b"+5\r\nhello\r\n0\r\n\r\n", b"0x5\r\nhello\r\n0\r\n\r\n",
                      b" 5\r\nhello\r\n0\r\n\r\n", b"5_0\r\n" + b"x" * 80 + b"\r\n0\r\n\r\n",
                      b"-5\r\nhello\r\n0\r\n\r\n", b"5\r\nhelloXY0\r\n\r\n",
                      b"5\r\nhello world\r\n0\r\n\r\n", b"5\r\nhello\r\n0\r\nno colon\r\n\r\n",
                      b"5\x00\r\nhello\r\n0\r\n\r\n"]:
        _rejects(_chunked(body_wire), 400, f"the chunked body {body_wire!r} is malformed")


def test_parse_rejects_incomplete_or_trailing_data():
    """parse_request answers 400 for an incomplete request and for any bytes after the request.

    Hint: parse_request takes exactly one whole request: a head without its
    empty line, a short body, a chunked body without its last chunk are
    incomplete; extra bytes after the request (even a whole second request)
    are an error too.

    中文: 检查不完整的请求和请求后面多出的字节都返回 400。

    提示: parse_request 只接受正好一个完整的请求: 没有空行结尾的请求头、不够长的请求体、
    缺少最后一块的 chunked 请求体都不完整; 请求后面多出的字节 (哪怕是第二个完整请求)
    也是错误。
    """
    get = _get(b"/")
    post = _wire(b"POST / HTTP/1.1", HOST, b"Content-Length: 5", body=b"hello")
    for data in [b"", b"\r\n", b"GET / HTTP/1.1", b"GET / HTTP/1.1\r\n" + HOST + b"\r\n",
                 post[:-1], _chunked(b"5\r\nhello\r\n"), _chunked(b"5\r\nhello\r\n0\r\n"),
                 _chunked(b"5\r\nhello\r\n0\r\nX-T: 1\r\n"), _chunked(b"5\r\nhel")]:
        _rejects(data, 400, "the request is incomplete")
    for data in [get + b"x", get + get, post + b"!", post + get,
                 _chunked(b"5\r\nhello\r\n0\r\n\r\n") + b"GET"]:
        _rejects(data, 400, "bytes follow the request")


def test_parse_request_default_limits():
    """parse_request applies the default limits: a head over 8192 bytes is 431, a body over 1 MiB is 413.

    Hint: parse_request uses the same rules as RequestReader() with its
    default max_head=8192 and max_body=1 MiB; exactly at the limit is fine.

    中文: 检查 parse_request 使用默认限制: 请求头超过 8192 字节返回 431, 请求体超过 1 MiB 返回 413。

    提示: parse_request 和默认参数的 RequestReader() 规则相同 (max_head=8192, max_body=1
    MiB); 正好等于限制是允许的。
    """
    base = _get(b"/", b"X-Pad: ")
    pad = b"p" * (MAX_HEAD - len(base))
    exact = _get(b"/", b"X-Pad: " + pad)
    assert len(exact) == MAX_HEAD
    got = _parse(exact)
    assert got.header("X-Pad") == pad.decode(), "the padded header came back changed"
    _rejects(_get(b"/", b"X-Pad: " + b"p" * (2 * MAX_HEAD)), 431,
             f"the head is {2 * MAX_HEAD + len(base)} bytes, max_head is {MAX_HEAD}")
    body = bytes(MAX_BODY)
    with deadline(SLOW, "parse_request(<request with a 1 MiB body>)"):
        got = hm.parse_request(_wire(b"POST / HTTP/1.1", HOST, b"Content-Length: %d" % MAX_BODY,
                                     body=body))
    assert len(got.body) == MAX_BODY, f"a body of exactly 1 MiB came back as {len(got.body)} bytes"
    _rejects(_wire(b"POST / HTTP/1.1", HOST, b"Content-Length: %d" % (MAX_BODY + 1),
                   body=body + b"!"), 413, f"the body is {MAX_BODY + 1} bytes, max_body is {MAX_BODY}")
    chunks = b"%x\r\n%s\r\n1\r\n!\r\n0\r\n\r\n" % (MAX_BODY, body)
    _rejects(_chunked(chunks), 413, f"the chunks add up to {MAX_BODY + 1} bytes, max_body is {MAX_BODY}")


# ------------------------------------------------------------ RequestReader

PIPELINE = [
    (_get(b"/one", b"Accept: */*"), ("GET", "/one", "HTTP/1.1", [("Host", "example.com"), ("Accept", "*/*")], b"")),
    (_wire(b"POST /two HTTP/1.1", HOST, b"Content-Length: 21", body=b"GET /x HTTP/1.1\r\n\r\nab"),
     ("POST", "/two", "HTTP/1.1", [("Host", "example.com"), ("Content-Length", "21")],
      b"GET /x HTTP/1.1\r\n\r\nab")),
    (_chunked(b"3;x=y\r\nabc\r\n2\r\n\r\n\r\n0\r\nX-T: 1\r\n\r\n"),
     ("POST", "/upload", "HTTP/1.1", [("Host", "example.com"), ("Transfer-Encoding", "chunked")],
      b"abc\r\n")),
    (_wire(b"HEAD /four HTTP/1.0"), ("HEAD", "/four", "HTTP/1.0", [], b"")),
]


@pytest.mark.points(2)
def test_reader_one_byte_at_a_time():
    """RequestReader returns each pipelined request in the very feed that brings its last byte, fed byte by byte.

    Hint: b"\\r\\n\\r\\n" arrives split over several feeds: search the whole
    buffer (or from a few bytes before the new data), not only the newest
    chunk. A request is complete when its head (and body) is: return it then.

    中文: 逐字节喂入多个流水线请求, 检查每个请求在收到最后一个字节的那次 feed 里返回。

    提示: \\r\\n\\r\\n 会被拆到几次 feed 里: 要在整个缓冲区里找
    (或从新数据之前几个字节开始找), 不能只找最新的这一块。请求头 (和请求体) 收齐了,
    请求就完整了, 当场返回。
    """
    stream = b"".join(wire for wire, _ in PIPELINE)
    ends = []
    for wire, _ in PIPELINE:
        ends.append((ends[-1] if ends else 0) + len(wire))
    reader = hm.RequestReader()
    got = []
    with deadline(SLOW, "RequestReader().feed(<1 byte>)"):
        for i in range(len(stream)):
            got.extend(reader.feed(stream[i:i + 1]))
            due = sum(end <= i + 1 for end in ends)
            assert len(got) == due, (
                f"after feeding {i + 1} bytes one at a time ({_short(stream[:i + 1][-40:])} "
                f"last), {len(got)} requests were returned; expected {due}: a request "
                "is returned by the feed that brings its last byte")
    assert _fields_all(got) == [want for _, want in PIPELINE], (
        f"feeding {len(PIPELINE)} pipelined requests one byte at a time returned "
        f"{_short(_fields_all(got), 600)}; expected {_short([w for _, w in PIPELINE], 600)}")


@pytest.mark.points(2)
def test_reader_pipelined_requests():
    """RequestReader returns every request of one chunk, skips bodies by Content-Length, and keeps a partial next request.

    Hint: after a head with Content-Length: n, the next n bytes are the body
    even if they look like a request; the bytes after them start the next
    request. Bytes of an unfinished request stay buffered for the next feed.

    中文: 检查一次 feed 里的多个请求都能返回, 请求体按 Content-Length 跳过, 下一个请求的开头会保留。

    提示: 请求头里有 Content-Length: n 时, 接下来的 n 个字节就是请求体,
    哪怕看起来像一个请求; 之后的字节才是下一个请求的开始。没收完的请求留在缓冲区里等下一次
    feed。
    """
    stream = b"".join(wire for wire, _ in PIPELINE)
    reader = hm.RequestReader()
    got = _fields_all(_feed(reader, [stream]))
    want = [w for _, w in PIPELINE]
    assert got == want, (
        f"RequestReader().feed(<{len(PIPELINE)} pipelined requests in one chunk>) returned "
        f"{_short(got, 600)}; expected {_short(want, 600)}: the POST body "
        f"{PIPELINE[1][1][4]!r} belongs to the POST, it is not a request")
    reader = hm.RequestReader()
    first, second = PIPELINE[1][0], PIPELINE[0][0]
    for cut in (1, 10, len(second) - 1):
        reader = hm.RequestReader()
        got = _fields_all(_feed(reader, [first + second[:cut]]))
        assert got == [PIPELINE[1][1]], (
            f"feed(<POST with body> + {second[:cut]!r}) returned {_short(got)}; expected "
            "only the POST: the start of the next request is not a request yet")
        got = _fields_all(_feed(reader, [second[cut:]]))
        assert got == [PIPELINE[0][1]], (
            f"then feed({_short(second[cut:])}) returned {_short(got)}; expected the GET: "
            f"the {cut} bytes fed before must have been kept")
    reader = hm.RequestReader()
    got = _feed(reader, [b"", first[:5], b"", first[5:], b""])
    assert _fields_all(got) == [PIPELINE[1][1]], f"feeding empty chunks in between returned {_short(got)}"


@pytest.mark.points(2)
@PROPERTY
@given(reqs=st.lists(requests(), min_size=1, max_size=2), data=st.data())
def test_reader_any_chunking(reqs, data):
    """RequestReader returns the same requests for every chunking of a pipelined stream.

    Hint: a chunk may end anywhere: inside the request line, inside
    b"\\r\\n\\r\\n", inside a chunk-size line or a body, or after the start of
    the next request.

    中文: 任意切分流水线请求流, 检查 RequestReader 返回的请求都一样。

    提示: 每次 recv 的边界可能在任何地方: 请求行中间、\\r\\n\\r\\n 中间、chunk
    长度行或请求体中间, 或者下一个请求刚开头的地方。
    """
    stream = b"".join(wire for wire, _, _ in reqs)
    step = data.draw(st.integers(0, 6), label="fixed chunk size (0: random cuts)")
    if step:
        cuts = list(range(step, len(stream), step))
    else:
        cuts = sorted(set(data.draw(st.lists(st.integers(0, len(stream)), max_size=10), label="cuts")))
    chunks = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)])]
    got = _fields_all(_feed(hm.RequestReader(), chunks))
    want = [want for _, want, _ in reqs]
    assert got == want, (
        f"RequestReader().feed over chunks {_short(chunks, 600)} returned {_short(got, 600)}; "
        f"expected {_short(want, 600)}")


def test_reader_chunked_then_next_request():
    """RequestReader consumes a chunked body's trailer section, so the next request parses cleanly.

    Hint: after the 0-size chunk, read trailer lines up to and including the
    empty line. Stopping after "0\\r\\n" leaves the trailers in the buffer,
    where they are read as the next request.

    中文: 检查 chunked 请求体的 trailer 被完整读掉, 后面的请求能正常解析。

    提示: 0 长度块之后, 要把 trailer 行连同结尾的空行一起读掉。只读到 "0\\r\\n" 就停,
    trailer 会留在缓冲区里, 被当成下一个请求来解析。
    """
    for trailer in [b"X-Trailer: 1\r\nX-Other: two\r\n", b"Expires: never\r\n", b""]:
        wire = _chunked(b"4\r\nabcd\r\n0\r\n" + trailer + b"\r\n")
        stream = wire + PIPELINE[0][0]
        for chunks in ([stream], [wire, PIPELINE[0][0]], _bytewise(stream)):
            try:
                got = _fields_all(_feed(hm.RequestReader(), chunks))
            except hm.HttpError as exc:
                pytest.fail(f"feeding a chunked request with trailers {trailer!r} and then a "
                            f"GET raised HttpError({exc.status}, {str(exc)!r}): were the "
                            "trailer lines left in the buffer?")
            want = [("POST", "/upload", "HTTP/1.1",
                     [("Host", "example.com"), ("Transfer-Encoding", "chunked")], b"abcd"),
                    PIPELINE[0][1]]
            assert got == want, (
                f"feeding {_short(stream, 300)} in {len(chunks)} chunk(s) returned "
                f"{_short(got, 400)}; expected {_short(want, 400)}")


@pytest.mark.points(2)
def test_reader_error_carries_completed_requests():
    """An HttpError raised by feed carries, in `completed`, the requests that call completed before the error.

    Hint: collect the finished requests in a list as you go; when you meet
    a bad request, raise HttpError(status, detail, completed=that_list), so
    the server can answer them before the error response.

    中文: 检查 feed 中途出错时, HttpError 的 completed 里带着这次调用已经完成的请求。

    提示: 一边解析一边把完成的请求放进列表; 遇到错误的请求时, raise HttpError(status,
    detail, completed=这个列表), 服务器才能先回答它们, 再发送错误响应。
    """
    r1, r2 = PIPELINE[0], PIPELINE[1]
    bad_cases = [
        (_wire(b"GET / HTTP/1.1", b"Accept: */*"), 400, {}),
        (_wire(b"GET / HTTP/2.0", HOST), 505, {}),
        (_wire(b"POST / HTTP/1.1", HOST, b"Transfer-Encoding: gzip"), 501, {}),
        (_wire(b"POST / HTTP/1.1", HOST, b"Content-Length: 99"), 413, {"max_body": 50}),
        (b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 300, 431, {"max_head": 200}),
    ]
    for bad, status, limits in bad_cases:
        reader = hm.RequestReader(**limits)
        call = f"RequestReader({limits or ''}).feed(<GET, POST with body, then {_short(bad, 60)}>)"
        exc, _ = _feed_until_error(reader, [r1[0] + r2[0] + bad], call)
        assert exc.status == status, f"{call} raised HttpError({exc.status}); expected {status}"
        got = _fields_all(exc.completed)
        assert got == [r1[1], r2[1]], (
            f"{call} raised HttpError({status}) with completed={_short(got, 400)}; expected the "
            "two requests before the bad one, in order, so the server can answer them")
    reader = hm.RequestReader()
    got = _fields_all(_feed(reader, [r1[0]]))
    assert got == [r1[1]]
    exc, _ = _feed_until_error(reader, [r2[0] + bad_cases[0][0]], "second feed")
    assert _fields_all(exc.completed) == [r2[1]], (
        f"after a first feed returned GET /one, feed(<POST, bad request>) raised with "
        f"completed={_short(_fields_all(exc.completed))}; expected only the POST: completed "
        "holds the requests of the call that raised")
    exc, _ = _feed_until_error(hm.RequestReader(), [bad_cases[0][0] + r1[0]], "feed(<bad, GET>)")
    assert list(exc.completed) == [], (
        f"feed(<bad request, GET>) raised with completed={_short(exc.completed)}; expected []: "
        "nothing was completed before the error")


@pytest.mark.points(2)
def test_reader_431_as_soon_as_head_exceeds_max_head():
    """RequestReader raises 431 on the feed that makes more than max_head bytes of an unfinished head.

    Hint: check the buffered head length on every feed, before waiting for
    its end: a client sending an endless header line must not make you
    buffer it all. Count only the head in progress, not requests already
    returned.

    中文: 检查请求头还没结束而缓冲超过 max_head 字节时, 那一次 feed 就返回 431。

    提示: 每次 feed 都要检查缓冲的请求头长度, 不能等到请求头结束:
    客户端发送无穷长的请求头行时, 不能全部放进缓冲区。只计算正在接收的请求头,
    不算已经返回的请求。
    """
    for max_head in (64, None):
        limit = MAX_HEAD if max_head is None else max_head
        make = hm.RequestReader if max_head is None else (lambda: hm.RequestReader(max_head=64))
        call = "RequestReader()" if max_head is None else "RequestReader(max_head=64)"
        endless = b"GET / HTTP/1.1\r\nX-Long: " + b"a" * (limit + 10)
        # Byte by byte up to 64; the 8 KiB default in 61-byte pieces (thousands
        # of calls would cost seconds in a sealed run): either way the one
        # byte after them must raise, and none before.
        step = 1 if limit <= 64 else 61
        for prefix in (b"", PIPELINE[1][0]):
            reader = make()
            head = prefix + endless[:limit]
            pieces = [endless[i:min(i + step, limit)] for i in range(0, limit, step)]
            got = _feed(reader, [prefix] + pieces, f"{call}.feed(<{step} byte(s)>)")
            assert len(got) == (1 if prefix else 0), f"{call} returned {_short(got)} for {_short(head)}"
            with deadline(QUICK, f"{call}.feed"):
                with pytest.raises(hm.HttpError) as info:
                    reader.feed(endless[limit:limit + 1])
            assert info.value.status == 431, (
                f"{call}: after {limit} bytes of an unfinished head, one more byte raised "
                f"HttpError({info.value.status}); expected 431")
        with deadline(QUICK, f"{call}.feed(<{10 * limit} bytes of an endless head>)"):
            with pytest.raises(hm.HttpError) as info:
                make().feed(b"GET / HTTP/1.1\r\nX: " + b"a" * (10 * limit))
        assert info.value.status == 431, f"{call}: an endless head raised {info.value.status}, expected 431"
        with deadline(QUICK, f"{call}.feed(<a complete head of {2 * limit} bytes>)"):
            with pytest.raises(hm.HttpError) as info:
                make().feed(_get(b"/", b"X: " + b"a" * (2 * limit)))
        assert info.value.status == 431, (
            f"{call}.feed(<complete head of {2 * limit} bytes>) raised {info.value.status}, "
            "expected 431: a head longer than max_head is refused even when it arrives whole")


def _must_raise_before(call, reader, chunks, status, why):
    """Feeding chunks (none of the body) must raise HttpError(status)."""
    exc, _ = _feed_until_error(reader, chunks, call, f"HttpError({status}): {why}")
    assert exc.status == status, f"{call} raised HttpError({exc.status}, {str(exc)!r}); expected {status}"


@pytest.mark.points(2)
def test_reader_413_content_length_before_body():
    """RequestReader raises 413 as soon as a head announces a Content-Length over max_body, before any body byte.

    Hint: compare Content-Length with max_body when the head is parsed, not
    after the body has arrived: a client announcing 10 GB must not make you
    buffer it.

    中文: 检查请求头里的 Content-Length 超过 max_body 时, 在收到任何请求体字节之前就返回 413。

    提示: 解析完请求头就比较 Content-Length 和 max_body, 不要等请求体收完: 客户端声明 10 GB
    时, 不能真的去缓冲 10 GB。
    """
    for length in (11, 10**30):
        head = _wire(b"POST / HTTP/1.1", HOST, b"Content-Length: %d" % length)
        call = f"RequestReader(max_body=10).feed(<head with Content-Length: {length}, no body>)"
        # Only head bytes are fed: the 413 must come before any body byte.
        _must_raise_before(call + " one byte at a time", hm.RequestReader(max_body=10),
                           _bytewise(head), 413,
                           f"Content-Length {length} > max_body=10, known once the head is in, "
                           "before any body byte")
    head = _wire(b"POST / HTTP/1.1", HOST, b"Content-Length: %d" % (MAX_BODY + 1))
    _must_raise_before("RequestReader().feed(<head with Content-Length: 1 MiB + 1>)",
                       hm.RequestReader(), [head], 413,
                       f"Content-Length {MAX_BODY + 1} > the default max_body {MAX_BODY}")


@pytest.mark.points(2)
def test_reader_413_chunk_sizes_before_data():
    """RequestReader raises 413 once the chunk sizes so far add up to more than max_body, before that chunk's data.

    Hint: keep a running total of the chunk sizes and compare it with
    max_body when a size line is read, before waiting for the chunk's data.
    Comparing each chunk alone lets many small chunks through.

    中文: 检查各 chunk 长度之和超过 max_body 时, 在那一块的数据到来之前就返回 413。

    提示: 累加各块的长度, 每读到一行长度就和 max_body 比较, 不要等数据到了再比较。
    只比较单个块的长度, 很多小块加起来就漏过去了。
    """
    cases = [
        (b"6\r\nabcdef\r\n", b"5\r\n"),
        (b"", b"b\r\n"),
        (b"1\r\na\r\n1\r\nb\r\n", b"9;ext=1\r\n"),
        (b"", b"FFFFFFFFFFFFFFFFFFFFFFFF\r\n"),
    ]
    for before, size_line in cases:
        head = _chunked(before)
        call = (f"RequestReader(max_body=10).feed(<chunked head, {before!r}, {size_line!r}>) "
                "one byte at a time")
        reader = hm.RequestReader(max_body=10)
        try:
            got = _feed(reader, _bytewise(head), call)
        except hm.HttpError as exc:
            pytest.fail(f"{call} raised HttpError({exc.status}, {str(exc)!r}) before the size "
                        f"line {size_line!r}: the chunk sizes so far ({before!r}) are within "
                        "max_body=10")
        assert got == [], f"{call} returned {_short(got)} before the size line"
        # Only the size line is fed next, none of its data: the 413 must come now.
        _must_raise_before(call, reader, _bytewise(size_line), 413,
                           "the chunk sizes so far exceed max_body=10 once this size line is "
                           "read, before its data")


def test_reader_limits_are_inclusive():
    """RequestReader accepts a head of exactly max_head bytes and a body of exactly max_body bytes.

    Hint: the limits are "more than": > max_head, > max_body. A head
    followed by its body in the same chunk is not a head over the limit:
    find the end of the head before measuring it.

    中文: 检查正好等于 max_head 的请求头和正好等于 max_body 的请求体都被接受。

    提示: 限制是 "超过" 才算: > max_head、> max_body。同一块数据里请求头后面跟着请求体,
    不等于请求头超长: 先找到请求头的结尾再量它的长度。
    """
    limit = 96
    base = _wire(b"POST / HTTP/1.1", HOST, b"Content-Length: 10", b"X-Pad: ")
    head = _wire(b"POST / HTTP/1.1", HOST, b"Content-Length: 10", b"X-Pad: " + b"p" * (limit - len(base)))
    assert len(head) == limit
    call = f"RequestReader(max_head={limit}, max_body=10).feed"
    for chunks in ([head + b"0123456789"], _bytewise(head + b"0123456789"),
                   [head + b"0123456789" + head[:40]]):
        reader = hm.RequestReader(max_head=limit, max_body=10)
        try:
            got = _feed(reader, chunks, call)
        except hm.HttpError as exc:
            pytest.fail(f"{call} on a {limit}-byte head with a 10-byte body in {len(chunks)} "
                        f"chunk(s) raised HttpError({exc.status}): exactly at the limits is allowed")
        assert [r.body for r in got] == [b"0123456789"], f"the body came back as {_short(got)}"
    for body_wire in [b"a\r\n0123456789\r\n0\r\n\r\n", b"6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n"]:
        reader = hm.RequestReader(max_body=10)
        got = _feed(reader, [_chunked(body_wire)], "RequestReader(max_body=10).feed")
        assert [r.body for r in got] == [b"0123456789"], (
            f"chunks {body_wire!r} adding up to exactly max_body=10 came back as {_short(got)}")


# --------------------------------------------------------- h11 differential


@pytest.mark.points(3)
@PROPERTY
@given(reqs=st.lists(requests(), min_size=1, max_size=2), cut=st.integers(1, 10**6))
def test_h11_agrees_on_valid_requests(reqs, cut):
    """parse_request and RequestReader agree with h11 on generated valid requests: whole, byte by byte, with trailing data.

    Hint: if h11 reads a request differently, look at what the generated
    request has: extensions, trailers, uppercase hex sizes, OWS around
    values, obs-text (bytes >= 0xA0) in values, unusual method tokens.

    中文: 用生成的合法请求和 h11 对比: 整个解析、逐字节喂入、后面带多余数据, 结果都一致。

    提示: 如果结果和 h11 不同, 看看这个请求有什么特别: chunk 扩展、trailer、
    大写的十六进制长度、值两边的空白、值里的 0xA0 以上字节、少见的请求类别。
    """
    for wire, want, _ in reqs:
        oracle = _h11_request(wire)
        assert oracle == want, f"test generator and h11 disagree on {wire!r}: {oracle!r} != {want!r}"
        got = _fields(_parse(wire))
        assert got == oracle, f"parse_request({_short(wire, 400)}) returned {_short(got, 400)}; h11 reads {_short(oracle, 400)}"
    wire, want, _ = reqs[0]
    got = _fields_all(_feed(hm.RequestReader(), _bytewise(wire)))
    assert got == [want], (
        f"RequestReader().feed one byte at a time over {_short(wire, 400)} returned "
        f"{_short(got, 400)}; h11 reads {_short(want, 400)}")
    stream = b"".join(w for w, _, _ in reqs)
    for extra in (stream, b"X"):
        _rejects(wire + extra, 400, f"{len(extra)} bytes follow the request")
    nxt = reqs[-1][0]
    cut = cut % len(nxt)
    reader = hm.RequestReader()
    got = _fields_all(_feed(reader, [stream + nxt[:cut]]))
    assert got == [w for _, w, _ in reqs], (
        f"RequestReader().feed(<{len(reqs)} requests + {cut} bytes of another>) returned "
        f"{_short(got, 600)}; h11 reads {_short([w for _, w, _ in reqs], 600)}")
    got = _fields_all(_feed(reader, [nxt[cut:]]))
    assert got == [reqs[-1][1]], (
        f"feeding the rest of the last request returned {_short(got, 400)}: the {cut} bytes "
        "after the complete requests must stay in the reader")


def _mutations(line, lines, body_wire):
    """Broken variants of a valid HTTP/1.1 request: (name, wire)."""
    host_at = next(i for i, h in enumerate(lines) if h.lower().startswith(b"host:"))
    without_host = lines[:host_at] + lines[host_at + 1:]
    method, target, version = line.split(b" ")
    framed = any(h.lower().startswith((b"content-length:", b"transfer-encoding:")) for h in lines)
    yield "no Host", _wire(line, *without_host, body=body_wire)
    yield "two Host", _wire(line, *lines, b"Host: other.example", body=body_wire)
    yield "space before colon", _wire(line, *lines, b"X-Bad : v", body=body_wire)
    yield "no colon", _wire(line, *lines, b"NoColonHere", body=body_wire)
    yield "bad name", _wire(line, b"Bad(Name): v", *lines, body=body_wire)
    yield "bad method", _wire(method + b"@ " + target + b" " + version, *lines, body=body_wire)
    yield "double space", _wire(method + b"  " + target + b" " + version, *lines, body=body_wire)
    if not framed:
        yield "bad Content-Length", _wire(line, *lines, b"Content-Length: +1", body=b"x")
        yield "gzip", _wire(line, *lines, b"Transfer-Encoding: gzip", body=b"0\r\n\r\n")
        yield "bad chunk size", _wire(line, *lines, b"Transfer-Encoding: chunked", body=b"x1\r\nx\r\n0\r\n\r\n")


@pytest.mark.points(2)
@PROPERTY
@given(req=requests(version="HTTP/1.1"), pick=st.integers(0, 100))
def test_h11_agrees_on_rejections(req, pick):
    """parse_request refuses broken variants of generated requests with the status h11 gives (400 or 501).

    Hint: missing or doubled Host, a space before a colon, a line without a
    colon, a non-token name or method, two spaces in the request line, a
    non-digit Content-Length, a bad chunk size: each is a 400; a
    Transfer-Encoding other than chunked is a 501.

    中文: 对生成的请求做各种破坏, 检查 parse_request 返回的响应码和 h11 一致 (400 或 501)。

    提示: 缺少或重复的 Host、冒号前的空格、没有冒号的行、名字或请求类别不是 token、
    请求行里连续两个空格、Content-Length 不是数字、chunk 长度错误: 都是 400; 不是 chunked 的
    Transfer-Encoding 是 501。
    """
    _, _, parts = req
    variants = list(_mutations(*parts))
    name, wire = variants[pick % len(variants)]
    status = _h11_status(wire)
    assume(isinstance(status, int))
    exc = _rejects(wire, status, f"{name}: h11 answers {status}")
    assert exc.status == status


# ---------------------------------------------------------- format_response

header_values = st.text(alphabet=VCHAR + LATIN + " \t", max_size=24).map(lambda v: v.strip(" \t"))
response_headers = st.lists(st.tuples(names, header_values), max_size=5)


@pytest.mark.points(2)
@PROPERTY
@given(status=st.integers(100, 599), pairs=response_headers, body=st.binary(max_size=80),
       as_dict=st.booleans())
def test_format_response_read_back_by_h11(status, pairs, body, as_dict):
    """h11 (as a client) and http.client read back exactly the status, reason, headers and body given to format_response.

    Hint: `HTTP/1.1 <code> <reason>`, one `Name: value` line per header in the
    given order, Content-Length when the caller gave none, an empty line,
    then the body; every line ends in CRLF.

    中文: 用 h11 客户端和 http.client 读回 format_response 的输出, 检查响应码、附加信息、响应头、响应体都一致。

    提示: `HTTP/1.1 <响应码> <附加信息>`, 每个响应头一行 `Name: value`, 按给定的顺序,
    调用者没给 Content-Length 时补上, 然后一个空行, 再是响应体; 每行都以 CRLF 结尾。
    """
    if status < 200 or status in (204, 304):
        body = b""
    if as_dict:
        pairs = list(dict(pairs).items())
    raw = _format(status, dict(pairs) if as_dict else pairs, body)
    got_status, reason, got_pairs, got_body = _h11_response(raw)
    call = f"format_response({status}, {_short(pairs)}, {_short(body)})"
    assert (got_status, reason) == (status, _phrase(status)), (
        f"{call}: h11 read the status line as {got_status} {reason!r}; expected {status} "
        f"{_phrase(status)!r} (http.HTTPStatus on this Python, 'Unknown' otherwise)")
    assert _without_content_length(got_pairs) == pairs, (
        f"{call}: h11 read the headers {got_pairs!r}; expected {pairs!r} in that order "
        "(plus Content-Length)")
    assert got_body == body, f"{call}: h11 read the body {_short(got_body)}; expected {_short(body)}"
    if status != 100:  # http.client skips a 100 Continue and waits for the final response
        client = _client_parse(raw)
        assert client[:4] == (got_status, reason, got_pairs, body) and client[4] == b"", (
            f"{call}: http.client read {_short(client, 400)}; h11 read "
            f"{_short((got_status, reason, got_pairs, got_body), 400)}")
    lengths = [v for n, v in got_pairs if n.lower() == "content-length"]
    if status >= 200 and status not in (204, 304):
        assert lengths == [str(len(body))], (
            f"{call}: h11 read Content-Length {lengths!r}; expected one, {str(len(body))!r}")
    else:
        assert lengths in ([], ["0"]), f"{call}: a {status} response with Content-Length {lengths!r}"


def test_format_response_read_back_by_http_client():
    """http.client, over a socketpair, reads back format_response's status, reason, headers and body.

    Hint: http.client is strict about the status line (three digits, a
    space, the reason) and reads exactly Content-Length body bytes.

    中文: 通过 socketpair 用 http.client 读回 format_response 的输出, 检查各部分都一致。

    提示: http.client 对响应行要求严格 (三位数字、空格、附加信息), 并且按 Content-Length
    读取正好那么多字节的响应体。
    """
    for seed in range(12):
        rng = random.Random(seed)
        status = rng.choice([200, 201, 204, 206, 299, 301, 304, 404, 418, 451, 500, 503, 599, 103])
        pairs = [("X-%d-%s" % (i, rng.choice(["a", "B", "Cc"])),
                  "".join(rng.choice(VCHAR + LATIN) for _ in range(rng.randrange(12))))
                 for i in range(rng.randrange(5))]
        body = b"" if status < 200 or status in (204, 304) else rng.randbytes(rng.randrange(3000))
        kind = rng.choice([bytes, bytearray, memoryview])
        raw = _format(status, pairs, kind(body))
        got = _client_response(raw)
        want = (status, _phrase(status), pairs, body)
        assert (got[0], got[1], _without_content_length(got[2]), got[3]) == want, (
            f"http.client read format_response({status}, {_short(pairs)}, <{len(body)} bytes>) as "
            f"{_short(got, 400)}; expected {_short(want, 400)}")
        if status >= 200 and status not in (204, 304):
            assert dict(got[2]).get("Content-Length") == str(len(body)), (
                f"http.client found headers {got[2]!r}; expected Content-Length: {len(body)}")
    raw = _format(200, [("Content-Type", "text/plain"), ("Content-Length", "1234")], b"")
    got = _client_response(raw, method="HEAD")
    assert got[:3] == (200, "OK", [("Content-Type", "text/plain"), ("Content-Length", "1234")]), (
        f"http.client read the HEAD response {raw!r} as {got!r}")


@pytest.mark.points(2)
def test_format_response_content_length_only_when_absent():
    """format_response adds Content-Length only when the caller gave none (any case), keeping the caller's value.

    Hint: look for the name case-insensitively ("content-length" is the same
    header); when it is there, send it as given, even if it differs from
    len(body): a HEAD response announces the size of the body it omits.

    中文: 检查只有调用者没给 Content-Length (不区分大小写) 时才自动加上, 调用者给的值原样保留。

    提示: 查找名字时不区分大小写 ("content-length" 是同一个响应头); 调用者给了就原样发送,
    即使它和 len(body) 不同: HEAD 响应声明的是它省略掉的响应体的大小。
    """
    cases = [
        ([("X-A", "1")], b"hello", [("X-A", "1")], "5"),
        ([("content-length", "5")], b"hello", [], "5"),
        ([("CONTENT-LENGTH", "1234"), ("X-B", "2")], b"", [("X-B", "2")], "1234"),
        ({"Content-length": "0042"}, b"", [], "0042"),
    ]
    for headers, body, others, value in cases:
        raw = _format(200, headers, body)
        message = _header_lines(raw)
        lengths = message.get_all("Content-Length")
        assert lengths == [value], (
            f"format_response(200, {headers!r}, {body!r}) sent Content-Length {lengths!r}; "
            f"expected exactly one, {value!r}: {raw!r}")
        method = "GET" if int(value) == len(body) else "HEAD"
        status, _, pairs, got_body = _h11_response(raw, method)
        assert _without_content_length(pairs) == others and got_body == body, (
            f"h11 read format_response(200, {headers!r}, {body!r}) as {pairs!r}, {got_body!r}")
        given = [n for n, _ in (headers.items() if isinstance(headers, dict) else headers)]
        sent = [n for n, _ in pairs if n.lower() == "content-length"]
        if any(n.lower() == "content-length" for n in given):
            assert sent == [n for n in given if n.lower() == "content-length"], (
                f"the caller's header name {given!r} was sent as {sent!r}; keep it as given")


@pytest.mark.points(2)
def test_format_response_refuses_response_splitting():
    """format_response raises ValueError for CR, LF, NUL or another control character (not tab) in a header.

    Hint: a value like "x\\r\\nSet-Cookie: admin=1" would inject a header
    (response splitting). Refuse every control character except tab
    (0x00-0x08, 0x0A-0x1F, 0x7F) in names and values, not only "\\r\\n".

    中文: 检查响应头的名字或值里有 CR、LF、NUL 等控制字符 (制表符除外) 时抛出 ValueError。

    提示: 像 "x\\r\\nSet-Cookie: admin=1" 这样的值会注入一个响应头 (响应拆分攻击)。
    名字和值里除了制表符之外的所有控制字符 (0x00-0x08、0x0A-0x1F、0x7F) 都要拒绝, 不能只检查
    "\\r\\n"。
    """
    bad_values = ["x\r\nSet-Cookie: admin=1", "a\rb", "a\nb", "a\x00b", "\x01", "a\x1fb",
                  "a\x7fb", "\r\n\r\n<html>"]
    for value in bad_values:
        for headers in ([("X-A", value)], {"X-A": value}, [("X-Ok", "1"), ("Location", value)]):
            exc = _format_rejects(ValueError, 302, headers, why=f"the value {value!r} holds a control character")
            assert repr(value) in str(exc) or value in str(exc), (
                f"format_response(302, {headers!r}) raised ValueError({str(exc)!r}); the "
                f"message should name the bad value {value!r}")
    for name in ["X\r\nY", "X-A\n", "X\x00", "X\x7f"]:
        _format_rejects(ValueError, 200, [(name, "v")], why=f"the name {name!r} holds a control character")
    raw = _format(200, [("X-Tab", "a\tb")], b"")
    assert _h11_response(raw)[2][0] == ("X-Tab", "a\tb"), "a tab inside a value is allowed"


def test_format_response_bodiless_statuses():
    """format_response raises ValueError for a body with 1xx, 204 or 304, and sends these without one.

    Hint: RFC 9110: 1xx, 204 No Content and 304 Not Modified never have a
    body; a client reads the bytes as the next response.

    中文: 检查 1xx、204、304 响应带响应体时抛出 ValueError, 不带响应体时正常生成。

    提示: RFC 9110: 1xx、204 No Content、304 Not Modified 永远没有响应体;
    多出来的字节会被客户端当成下一个响应。
    """
    for status in (100, 102, 103, 199, 204, 304):
        _format_rejects(ValueError, status, [("X-A", "1")], b"x",
                        why=f"a {status} response has no body")
        got = _h11_response(_format(status, [("X-A", "1")], b""))
        assert (got[0], _without_content_length(got[2]), got[3]) == (status, [("X-A", "1")], b""), (
            f"h11 read format_response({status}, [('X-A', '1')]) as {got!r}")


def test_format_response_status_range():
    """format_response accepts statuses 100-599 and raises ValueError, naming it, outside.

    Hint: check 100 <= status <= 599 (both ends included) before building
    anything.

    中文: 检查响应码 100-599 可以用, 超出范围时抛出 ValueError 并在消息里写出这个值。

    提示: 先检查 100 <= status <= 599 (两端都包含), 再生成响应。
    """
    for status in (99, 600, 0, -200, 1000):
        exc = _format_rejects(ValueError, status, why=f"{status} is outside 100-599")
        assert str(status) in str(exc), (
            f"format_response({status}) raised ValueError({str(exc)!r}); the message should "
            f"name {status}")
    for status in (100, 599, 200):
        got = _h11_response(_format(status))
        assert got[:2] == (status, _phrase(status)), f"h11 read format_response({status}) as {got!r}"


def test_format_response_latin1():
    """format_response encodes header text as ISO-8859-1 and raises ValueError for text it cannot encode.

    Hint: encode("latin-1"), not UTF-8: "café" is sent as b"caf\\xe9", which
    h11 and http.client read back; "€" has no ISO-8859-1 byte, so refuse it
    (ValueError) instead of sending mojibake.

    中文: 检查响应头按 ISO-8859-1 编码, 无法编码的文字抛出 ValueError。

    提示: 用 encode("latin-1"), 不是 UTF-8: "café" 发送为 b"caf\\xe9", h11 和 http.client
    都能读回; "€" 在 ISO-8859-1 里没有对应的字节, 要抛出 ValueError, 不要发乱码。
    """
    raw = _format(200, [("X-Name", "café ÿ")], b"ok")
    got = _h11_response(raw)
    assert _without_content_length(got[2]) == [("X-Name", "café ÿ")], (
        f"h11 read format_response(200, [('X-Name', 'café ÿ')]) headers as {got[2]!r}; expected "
        "the value encoded as ISO-8859-1 (b'caf\\xe9 \\xff')")
    assert _header_lines(raw).get("X-Name") == "café ÿ"
    for headers in ([("X-Price", "5 €")], [("X-Smile", "😀")], [("Nämé€", "v")]):
        exc = _format_rejects(ValueError, 200, headers, why="the text is not encodable as ISO-8859-1")
        bad = headers[0][1] if headers[0][0].isascii() else headers[0][0]
        assert repr(bad) in str(exc) or bad in str(exc), (
            f"format_response(200, {headers!r}) raised ValueError({str(exc)!r}); name the bad text")


def test_format_response_dict_and_pairs():
    """format_response takes headers as a dict or a list of pairs, keeping order and repeated names.

    Hint: iterate dict.items() or the pairs as given; don't turn pairs into a
    dict (two Set-Cookie headers are two lines) and don't sort.

    中文: 检查响应头可以是 dict 或二元组列表, 顺序不变, 重复的名字都保留。

    提示: 按给定的顺序遍历 dict.items() 或二元组; 不要把列表转成 dict (两个 Set-Cookie
    就是两行), 也不要排序。
    """
    pairs = [("Set-Cookie", "a=1"), ("Content-Type", "text/html"), ("Set-Cookie", "b=2"),
             ("set-cookie", "c=3")]
    for headers in (pairs, tuple(pairs), iter(pairs)):
        got = _h11_response(_format(200, headers, b"<p>"))
        assert _without_content_length(got[2]) == pairs, (
            f"h11 read format_response(200, {pairs!r}) headers as {got[2]!r}; expected every "
            "pair in the given order")
    mapping = {"Z-Last": "1", "A-First": "2", "M-Middle": "3"}
    got = _h11_response(_format(404, mapping, b"nope"))
    assert _without_content_length(got[2]) == list(mapping.items()) and got[3] == b"nope", (
        f"h11 read format_response(404, {mapping!r}, b'nope') as {got!r}; expected the dict's "
        "items in insertion order")


# ---------------------------------------------- reason_phrase, status_class


def test_reason_phrase_matches_http_status():
    """reason_phrase gives http.HTTPStatus's phrase on this Python for every known code, "Unknown" otherwise.

    Hint: http.HTTPStatus(code).phrase (phrases changed in Python 3.13, so
    don't copy a table); catch its ValueError for codes it does not know.

    中文: 检查 reason_phrase 对已知响应码返回当前 Python 的 http.HTTPStatus 附加信息, 其他返回 "Unknown"。

    提示: 用 http.HTTPStatus(code).phrase (Python 3.13 改过一些附加信息, 不要自己抄一张表);
    不认识的响应码会抛出 ValueError, 要捕获它。
    """
    for status in http.HTTPStatus:
        with deadline(QUICK, f"reason_phrase({int(status)})"):
            got = hm.reason_phrase(int(status))
        assert got == status.phrase, (
            f"reason_phrase({int(status)}) returned {got!r}; http.HTTPStatus says {status.phrase!r}")
    for code in (299, 450, 599, 600, 0, 99, 1000, -1):
        assert code not in {int(s) for s in http.HTTPStatus}
        got = hm.reason_phrase(code)
        assert got == "Unknown", f"reason_phrase({code}) returned {got!r}; expected 'Unknown'"


def test_status_class():
    """status_class names the class of every code 100-599 and raises ValueError, naming the code, outside.

    Hint: the first digit decides: 1 informational, 2 success, 3 redirection,
    4 client error, 5 server error (the notes' 1xx-5xx list); 600 and 99 are
    not status codes.

    中文: 检查 status_class 对 100-599 给出响应码类别, 超出范围时抛出 ValueError 并写出这个值。

    提示: 看第一位数字: 1 提示信息 (informational)、2 成功 (success)、
    3 重定向 (redirection)、4 客户端错误 (client error)、5 服务器端错误 (server error);
    600 和 99 不是响应码。
    """
    names = {1: "informational", 2: "success", 3: "redirection", 4: "client error", 5: "server error"}
    with deadline(QUICK, "status_class(100..599)"):
        got = {code: hm.status_class(code) for code in range(100, 600)}
    wrong = {code: name for code, name in got.items() if name != names[code // 100]}
    assert not wrong, (
        f"status_class gave {_short(dict(list(wrong.items())[:8]))} (code: result); expected "
        "the class of the first digit")
    for code in (99, 600, 0, -1, 1000):
        with pytest.raises(ValueError) as info:
            hm.status_class(code)
        assert str(code) in str(info.value), (
            f"status_class({code}) raised ValueError({str(info.value)!r}); name the code")


def test_rejects_bad_argument_types():
    """Wrong argument types raise TypeError (a bool is not an int; str is not bytes), wrong values ValueError.

    Hint: check types at the start: parse_request and feed take bytes-like
    data, format_response a bytes-like body and an int status; a negative
    limit is a ValueError. Don't encode a str for the caller.

    中文: 检查参数类型错误时抛出 TypeError (bool 不算 int, str 不算 bytes), 值错误时抛出 ValueError。

    提示: 一开始就检查类型: parse_request 和 feed 要的是字节数据, format_response
    要字节响应体和整数响应码; 负数的限制是 ValueError。不要替调用者把 str 编码成 bytes。
    """
    cases = [
        ("parse_request('GET / HTTP/1.0\\r\\n\\r\\n')", TypeError,
         lambda: hm.parse_request("GET / HTTP/1.0\r\n\r\n")),
        ("RequestReader().feed('GET / HTTP/1.0\\r\\n\\r\\n')", TypeError,
         lambda: hm.RequestReader().feed("GET / HTTP/1.0\r\n\r\n")),
        ("RequestReader(max_head=True)", TypeError, lambda: hm.RequestReader(max_head=True)),
        ("RequestReader(max_head='8192')", TypeError, lambda: hm.RequestReader(max_head="8192")),
        ("RequestReader(max_body=-1)", ValueError, lambda: hm.RequestReader(max_body=-1)),
        ("format_response(200, (), 'hello')", TypeError, lambda: hm.format_response(200, (), "hello")),
        ("format_response('200')", TypeError, lambda: hm.format_response("200")),
        ("format_response(True)", TypeError, lambda: hm.format_response(True)),
        ("format_response(200, [('X', None)])", TypeError, lambda: hm.format_response(200, [("X", None)])),
        ("status_class(True)", TypeError, lambda: hm.status_class(True)),
        ("status_class('200')", TypeError, lambda: hm.status_class("200")),
        ("reason_phrase('200')", TypeError, lambda: hm.reason_phrase("200")),
    ]
    for call, exc_type, fn in cases:
        with deadline(QUICK, call):
            try:
                got = fn()
            except exc_type:
                continue
            except NotImplementedError:
                raise
            except Exception as exc:
                pytest.fail(f"{call} raised {type(exc).__name__}({exc}); expected {exc_type.__name__}")
        pytest.fail(f"{call} returned {_short(got)}; expected {exc_type.__name__}")
