"""Checks for topic 12, http_server: a static-file HTTP/1.1 server.

Every check runs the server in the sandbox (``serve(serve_http, root,
idle_timeout)``) on a fresh site in a short temp folder: ``root`` is a
subfolder, and next to it (outside root) lies ``secret.txt`` holding a
random token; no response may ever contain that token. Clients are real and
independent of the reference: ``urllib.request`` (ProxyHandler({})),
``http.client`` with keep-alive, ``curl --path-as-is --noproxy '*' -H
'Expect:'`` (skipped, with the reason, where curl is not installed), and
raw sockets for hostile input, whose responses are all parsed by ``h11``
acting as the client. Content types are compared with ``mimetypes``, memory
with ``psutil`` (PSS of the server's process tree), descriptors with
``Server.wait_fds`` (a bounded poll).

Clause-to-check map (CURRICULUM.md section 12, and the general rules that
apply to a server):

| clause | checks |
|---|---|
| GET of a regular file: 200, the file, Content-Length | test_get_with_urllib, test_content_type_from_mimetypes, test_http_client_keep_alive, test_curl_get_keep_alive_and_head |
| Content-Type from mimetypes on the file's name, application/octet-stream default, `; charset=` allowed | test_content_type_from_mimetypes, test_curl_get_keep_alive_and_head |
| HEAD: same headers, no body | test_head_same_headers_no_body, test_curl_get_keep_alive_and_head, test_pipelined_requests_answered_in_order |
| query string ignored; path percent-decoded | test_get_with_urllib |
| directory with or without trailing slash serves index.html | test_directory_serves_index |
| directory without index.html: 404 | test_directory_without_index_is_404 |
| missing file: 404, connection kept open | test_missing_file_404_keeps_connection |
| FIFO, socket file, device: 404 without blocking | test_fifo_and_socket_file_404_without_blocking, test_device_file_404 |
| other method: 405 with Allow: GET, HEAD, connection kept open | test_other_methods_405_with_allow |
| never outside root: `..` segments, absolute paths | test_traversal_dot_segments, test_curl_refuses_traversal |
| never outside root: %2e%2e, %2f in upper and lower case (check after decoding) | test_traversal_percent_encoded, test_curl_refuses_traversal |
| never outside root: double encoding, backslashes, %00, malformed escapes | test_traversal_backslash_nul_double_encoding |
| never outside root: symlinked files, directories, index.html | test_traversal_symlinks |
| absolute-form target: its path, same checks, or 400 | test_traversal_dot_segments, test_traversal_percent_encoded |
| malformed request: the HttpError's status, then close | test_malformed_requests_status_then_close, test_size_limits_431_413 |
| malformed request after completed ones: those answered first | test_malformed_after_pipelined |
| HTTP/1.1 keep-alive unless Connection: close | test_http_client_keep_alive, test_http11_connection_close, test_curl_get_keep_alive_and_head |
| HTTP/1.0 closed unless Connection: keep-alive | test_http10_closes_by_default, test_http10_keep_alive_on_request |
| pipelined requests answered in order | test_pipelined_requests_answered_in_order, test_malformed_after_pipelined |
| other clients served while one is slow, idle or sending a big body | test_slow_clients_do_not_block_others, test_idle_connection_closed, test_slow_loris_closed, test_large_file_streamed_in_bounded_memory |
| idle connection closed after idle_timeout (408 allowed) | test_idle_connection_closed |
| a client dribbling bytes is closed all the same | test_slow_loris_closed |
| the idle clock restarts at each response | test_idle_clock_restarts_after_response |
| 64 MiB file streamed, not read into memory | test_large_file_streamed_in_bounded_memory |
| descriptors back to baseline however clients leave (close, reset, never sending, mid-download, idle, malformed, pipelined unread); the server survives them | test_descriptors_back_to_baseline |
| every response valid HTTP/1.1 (h11), secret never sent | every raw-socket check (the Wire helper) |
"""
import http.client
import mimetypes
import os
import random
import secrets
import select
import shutil
import socket
import stat
import struct
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import h11
import pytest

from harness import deadline, serve, topic
from harness.servers import short_temp_dir

http_server = topic("http_server")

NET = 3.0      # seconds for one exchange on loopback (a generous bound)
IDLE = 0.75    # the idle_timeout given where a check waits for it
SLACK = 3.0    # how late after idle_timeout a close may come on a loaded machine
MIB = 1024 * 1024
CURL = shutil.which("curl")
needs_curl = pytest.mark.skipif(
    CURL is None, reason="curl is not installed (CI installs it): this check "
    "uses curl as an independent HTTP client")


# ------------------------------------------------------------------ the site

@dataclass
class Site:
    base: str                # the temp folder: root and secret.txt are in it
    root: str                # the folder served
    secret: bytes            # the token in base/secret.txt (outside root)
    files: dict              # name under root -> content, for regular files
    device: str              # why no device file was made ("" if one was)


def _content(name: str, size: int) -> bytes:
    rng = random.Random(name)
    return f"<{name}>".encode() + rng.randbytes(size)


REGULAR = {   # name under root -> size of random content after a marker
    "index.html": 300, "hello.txt": 20, "style.css": 500, "data.json": 80,
    "logo.png": 3000, "notes.xyzzy": 100, "README": 50, "with space.txt": 10,
    "ünï.txt": 10, "sub/index.html": 200, "sub/page.html": 400,
    "deep/a/b/leaf.txt": 30, "empty/other.txt": 10, "escape/readme.txt": 10,
}


@pytest.fixture
def site():
    """A fresh site under a short temp folder (unix socket paths are short)."""
    with short_temp_dir("nlh-") as base:
        yield _make_site(base)


def _make_site(base: str) -> Site:
    root = os.path.join(base, "root")
    token = b"NETLAB-SECRET-" + secrets.token_hex(16).encode()
    with open(os.path.join(base, "secret.txt"), "wb") as f:
        f.write(b"top secret: " + token + b"\n")
    files = {}
    for name, size in REGULAR.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        files[name] = _content(name, size)
        with open(path, "wb") as f:
            f.write(files[name])
    links = {"link_out.txt": "../secret.txt",             # a file outside
             "abs_link.txt": os.path.join(base, "secret.txt"),
             "up": "..",                                  # a directory outside
             "escape/index.html": "../../secret.txt"}     # an index.html outside
    for name, target in links.items():
        os.symlink(target, os.path.join(root, name))
    os.mkfifo(os.path.join(root, "pipe"))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix:
        unix.bind(os.path.join(root, "sock"))             # leaves a socket file
    device = ""
    try:  # a character device like /dev/null (1, 3): harmless if served
        os.mknod(os.path.join(root, "null"), stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except OSError as exc:
        device = f"os.mknod of a character device is not permitted here ({exc})"
    return Site(base, root, token, files, device)


def _sparse(path: str, size: int) -> None:
    """A sparse file of `size` bytes with an 16-byte marker at every MiB."""
    with open(path, "wb") as f:
        f.truncate(size)
        for k in range(size // MIB):
            f.seek(k * MIB)
            f.write(_marker(k))


def _marker(k: int) -> bytes:
    return b"MiB-%012d" % k


# ------------------------------------------------------------------ requests

def _req(target: str, method: str = "GET", version: str = "HTTP/1.1",
         headers=(), body: bytes = b"") -> bytes:
    """One request's bytes (Host added for HTTP/1.1)."""
    lines = [f"{method} {target} {version}"]
    if version == "HTTP/1.1":
        lines.append("Host: netlab.test")
    lines += [f"{name}: {value}" for name, value in headers]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _expected_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _media_type(reply) -> str:
    return (reply.header("content-type") or "").split(";")[0].strip().lower()


def _show(data: bytes, limit: int = 120) -> str:
    return repr(data) if len(data) <= limit else f"{data[:limit]!r}... ({len(data)} bytes)"


def _fail(server, what: str, message: str):
    """Report the server's death first: it explains most client errors."""
    server.check_alive(what)
    raise AssertionError(f"{what}: {message}")


@dataclass
class Reply:
    status: int
    headers: list            # (lower-case name, value) pairs, as h11 gives them
    body: bytes

    def header(self, name: str):
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)


class Wire:
    """A raw client connection whose responses are parsed by h11 (the oracle)."""

    def __init__(self, server, site, sock=None, keep=True):
        self.server = server
        self.site = site
        self.sock = sock or server.connect(timeout=NET)
        self.conn = h11.Connection(h11.CLIENT, max_incomplete_event_size=64 * 1024)
        self.received = bytearray()   # everything read (while keep is True)
        self.keep = keep

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.sock.close()

    def send(self, data: bytes, what: str) -> None:
        try:
            self.sock.sendall(data)
        except OSError as exc:
            _fail(self.server, what, f"sending the request failed with {exc!r}: "
                  "the server closed the connection early")

    def recv(self, what: str, size: int = 65536) -> bytes:
        try:
            data = self.sock.recv(size)
        except TimeoutError:
            _fail(self.server, what, f"no (complete) response within {NET} s; "
                  f"received so far: {_show(bytes(self.received[-200:]))}")
        except ConnectionResetError:
            data = b""
        if self.keep:
            self.received += data
            if self.site.secret in self.received:
                _fail(self.server, what, "the response contains the secret "
                      "token of secret.txt, a file OUTSIDE root: the server "
                      "served a file it must never serve")
        return data

    def ask(self, data: bytes, what: str, head: bool = False, close: bool = False,
            hint: str = "") -> Reply:
        """Send `data` and read the next response, within NET seconds."""
        with deadline(NET, what, hint):
            self.send(data, what)
            return self.response(what, head=head, close=close)

    def response(self, what: str, head: bool = False, close: bool = False) -> Reply:
        """The next response, parsed by h11 (for a HEAD request if `head`)."""
        conn = self.conn
        if conn.our_state is h11.DONE and conn.their_state is h11.DONE:
            conn.start_next_cycle()
        headers = [("Host", "netlab.test")] + ([("Connection", "close")] if close else [])
        conn.send(h11.Request(method="HEAD" if head else "GET", target="/", headers=headers))
        conn.send(h11.EndOfMessage())
        status, fields, body = None, [], bytearray()
        while True:
            try:
                event = conn.next_event()
            except h11.RemoteProtocolError as exc:
                _fail(self.server, what, f"the reply is not valid HTTP/1.1 "
                      f"(h11: {exc}); bytes received: {_show(bytes(self.received[-300:]))}")
            if event is h11.NEED_DATA:
                conn.receive_data(self.recv(what))
            elif isinstance(event, h11.Response):
                status = event.status_code
                fields = [(k.decode("latin-1").lower(), v.decode("latin-1"))
                          for k, v in event.headers]
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage):
                return Reply(status, fields, bytes(body))
            elif isinstance(event, h11.ConnectionClosed):
                _fail(self.server, what, "the server closed the connection "
                      "without sending a response")

    def closed_after(self, what: str, within: float = NET) -> None:
        """The server closes the connection, sending nothing more."""
        extra, closed = self.conn.trailing_data
        extra = bytes(extra)
        self.sock.settimeout(within)
        try:
            while not closed:
                try:
                    chunk = self.sock.recv(65536)
                except ConnectionResetError:
                    break
                closed = not chunk
                extra += chunk
        except TimeoutError:
            _fail(self.server, what, f"the connection stayed open for {within} s "
                  "after the response; the server must close it here")
        finally:
            self.sock.settimeout(NET)
        if extra:
            _fail(self.server, what, f"after the response the server sent "
                  f"{len(extra)} more bytes ({_show(extra)}) before closing")


def _exchange(server, site, data: bytes, what: str, head=False, close=False) -> Reply:
    """Send `data` on a new connection and read one response."""
    with Wire(server, site) as wire:
        wire.send(data, what)
        return wire.response(what, head=head, close=close)


def _still_serving(server, site, what: str = "a normal client after that") -> None:
    """A normal GET on a new connection is answered at once."""
    with deadline(NET, what, "the server must keep serving other clients"):
        reply = _exchange(server, site, _req("/hello.txt"), f"{what}: GET /hello.txt")
    if reply.status != 200 or reply.body != site.files["hello.txt"]:
        _fail(server, what, f"GET /hello.txt got {reply.status} with "
              f"{_show(reply.body)}; expected 200 and the file")


def _expect_file(server, site, reply: Reply, name: str, what: str) -> None:
    want = site.files[name]
    if reply.status != 200:
        _fail(server, what, f"got status {reply.status} ({_show(reply.body)}); "
              f"expected 200 and the {len(want)} bytes of {name}")
    if reply.body != want:
        _fail(server, what, f"got {_show(reply.body)}; expected the {len(want)} "
              f"bytes of {name} ({_show(want)})")


def _expect_status(server, reply: Reply, status: int, what: str) -> None:
    if reply.status != status:
        _fail(server, what, f"got status {reply.status} ({_show(reply.body, 60)}); "
              f"expected {status}")


def _wait_closed(server, sock, what: str, limit: float) -> float:
    """Seconds until the server closes `sock` (a 408 first is allowed)."""
    started = time.monotonic()
    data = b""
    while True:
        left = limit - (time.monotonic() - started)
        if left <= 0:
            _fail(server, what, f"the connection was still open after {limit:.2f} s")
        sock.settimeout(left)
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            continue
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            break
        data += chunk
    if data and not data.startswith((b"HTTP/1.1 408", b"HTTP/1.0 408")):
        _fail(server, what, f"the server sent {_show(data)} before closing an "
              "idle connection; only a 408 response is allowed there")
    return time.monotonic() - started


# ------------------------------------------------------------ files and types

def test_get_with_urllib(site):
    """urllib gets files, with a query string and a percent-encoded name, and a 404.

    Hint: split the target at "?" and drop the query; then percent-decode the
    path (urllib.parse.unquote_to_bytes) to get the file name ("%20" is a
    space). A missing file is a 404 response, not a closed connection.

    中文: 用 urllib 请求文件: 带查询字符串、带百分号编码的文件名, 以及不存在的文件。

    提示: 请求内容里 "?" 之后是查询字符串, 静态服务器应当忽略; 路径要先做百分号解码
    ("%20" 是空格) 才是文件名。找不到文件要回 404 响应码, 而不是直接断开连接。
    """
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with serve(http_server.serve_http, site.root) as server:
        base = "http://%s:%d" % server.address
        cases = [("/hello.txt", "hello.txt"), ("/sub/page.html?v=2&x=/../", "sub/page.html"),
                 ("/with%20space.txt", "with space.txt"), ("/%C3%BCn%C3%AF.txt", "ünï.txt")]
        for path, name in cases:
            what = f"urllib GET {path}"
            with deadline(NET, what):
                try:
                    with opener.open(base + path, timeout=NET) as response:
                        status, body = response.status, response.read()
                        length = response.headers.get("Content-Length")
                except urllib.error.HTTPError as exc:
                    with exc:
                        status, body, length = exc.code, b"", None
                except (urllib.error.URLError, OSError) as exc:
                    _fail(server, what, f"failed with {exc!r}")
            if status != 200 or body != site.files[name]:
                _fail(server, what, f"got status {status} and {_show(body)}; expected "
                      f"200 and the content of {name!r}")
            if length != str(len(body)):
                _fail(server, what, f"Content-Length was {length!r}; expected "
                      f"{len(body)}, the size of the file")
        what = "urllib GET /missing.html"
        with deadline(NET, what):
            try:
                opener.open(base + "/missing.html", timeout=NET).close()
                status = 200
            except urllib.error.HTTPError as exc:
                with exc:
                    status = exc.code
        if status != 404:
            _fail(server, what, f"got status {status}; expected 404 Not Found")


def test_content_type_from_mimetypes(site):
    """Content-Type is mimetypes.guess_type of the file's name, else application/octet-stream.

    Hint: mimetypes.guess_type(name)[0] gives the type or None; use
    "application/octet-stream" for None (README, unknown extensions). A
    "; charset=..." after the type is fine.

    中文: 响应头 Content-Type 要按 mimetypes 猜出的类型, 猜不出时用 application/octet-stream。

    提示: mimetypes.guess_type(文件名)[0] 返回类型或 None; None 时 (没有扩展名、未知扩展名)
    用 "application/octet-stream"。类型后面带 "; charset=..." 也可以。
    """
    names = ["index.html", "hello.txt", "style.css", "data.json", "logo.png",
             "notes.xyzzy", "README", "sub/page.html"]
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        for name in names:
            what = f"GET /{name}"
            reply = wire.ask(_req("/" + name), what)
            _expect_file(server, site, reply, name, what)
            got, want = _media_type(reply), _expected_type(name).lower()
            if got != want:
                _fail(server, what, f"Content-Type was {reply.header('content-type')!r}; "
                      f"expected {want!r} (mimetypes.guess_type({name.rsplit('/')[-1]!r})"
                      "[0], or application/octet-stream when it gives None)")


def test_head_same_headers_no_body(site):
    """HEAD answers with the headers GET sends (Content-Length too) and no body.

    Hint: build the same head as for GET, Content-Length = the file size,
    and send no body bytes. A body after a HEAD response is read as garbage
    at the start of the next response on a keep-alive connection.

    中文: HEAD 请求只回响应头 (与 GET 相同, 包括 Content-Length), 不回响应体。

    提示: 响应头和 GET 一样, Content-Length 是文件大小, 但不发送响应体。
    在长连接上多发的响应体会被客户端当成下一个响应的开头, 造成粘包一样的错乱。
    """
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        for name in ("logo.png", "index.html", "missing.txt"):
            what = f"HEAD /{name} then GET /{name} on one connection"
            head = wire.ask(_req("/" + name, "HEAD"), what, head=True)
            get = wire.ask(_req("/" + name), what)
            if head.status != get.status:
                _fail(server, what, f"HEAD got {head.status}, GET got {get.status}")
            if name not in site.files:
                continue  # a 404: same status is enough
            for field in ("content-length", "content-type"):
                if head.header(field) != get.header(field):
                    _fail(server, what, f"{field} was {head.header(field)!r} for HEAD "
                          f"but {get.header(field)!r} for GET; HEAD sends the same headers")
            if head.header("content-length") != str(len(site.files[name])):
                _fail(server, what, f"HEAD's Content-Length was "
                      f"{head.header('content-length')!r}; expected the file size "
                      f"{len(site.files[name])}")


def test_directory_serves_index(site):
    """A directory, with or without a trailing slash, serves its index.html.

    Hint: after mapping the path, os.path.isdir(path) → use
    os.path.join(path, "index.html"). "/sub" and "/sub/" name the same
    directory; "/" is root's own index.

    中文: 目录 (末尾有没有斜杠都一样) 返回其中的 index.html。

    提示: 路径是目录时 (os.path.isdir), 改为目录下的 index.html。"/sub" 和 "/sub/"
    是同一个目录; "/" 是根目录自己的 index.html。
    """
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        for path, name in [("/", "index.html"), ("/sub/", "sub/index.html"),
                           ("/sub", "sub/index.html"), ("/sub/?q=1", "sub/index.html")]:
            what = f"GET {path}"
            reply = wire.ask(_req(path), what)
            _expect_file(server, site, reply, name, what)
            if _media_type(reply) != "text/html":
                _fail(server, what, f"Content-Type was {reply.header('content-type')!r}; "
                      "the index.html is text/html")


def test_directory_without_index_is_404(site):
    """A directory without index.html is a 404, and the connection stays open.

    Hint: no directory listings here; and opening a directory as a file
    raises IsADirectoryError: answer 404, do not crash the connection.

    中文: 没有 index.html 的目录返回 404, 连接保持打开。

    提示: 不列目录; 把目录当文件打开会抛 IsADirectoryError, 要回 404 响应码, 不能因此断开连接。
    """
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        for path in ("/empty/", "/empty", "/deep/a"):
            what = f"GET {path} (a directory without index.html)"
            reply = wire.ask(_req(path), what)
            _expect_status(server, reply, 404, what)
        what = "GET /hello.txt on the same connection after those 404s"
        _expect_file(server, site, wire.ask(_req("/hello.txt"), what), "hello.txt", what)


def test_missing_file_404_keeps_connection(site):
    """A missing file is a 404 and the connection stays open for the next request.

    Hint: a 404 is an ordinary response: send it with its Content-Length and
    go on reading the next request; only malformed requests close.

    中文: 不存在的文件返回 404, 连接保持打开, 可以继续发下一个请求。

    提示: 404 也是普通的响应, 带上 Content-Length 发完后继续读下一个请求; 只有格式错误的请求才关闭连接。
    """
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        for path in ("/nothing.html", "/sub/nothing/deeper.txt", "/hello.txt/x"):
            what = f"GET {path} (missing)"
            reply = wire.ask(_req(path), what)
            _expect_status(server, reply, 404, what)
            what = f"GET /hello.txt on the same connection after GET {path}"
            _expect_file(server, site, wire.ask(_req("/hello.txt"), what, hint="was the connection closed after the 404?"), "hello.txt", what)


def test_other_methods_405_with_allow(site):
    """Methods other than GET and HEAD get 405 with "Allow: GET, HEAD", connection kept open.

    Hint: check request.method first; answer 405 Method Not Allowed with an
    Allow header listing GET and HEAD, and keep reading requests.

    中文: GET、HEAD 以外的请求类别返回 405, 带 "Allow: GET, HEAD", 连接保持打开。

    提示: 先看请求类别; 回 405 Method Not Allowed, 响应头 Allow 列出 GET 和 HEAD, 然后继续读下一个请求。
    """
    requests = [_req("/hello.txt", "POST", body=b"name=value"), _req("/hello.txt", "PUT", body=b"x"),
                _req("/hello.txt", "DELETE"), _req("*", "OPTIONS"), _req("/", "BREW"),
                _req("/missing", "PATCH")]
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        for data in requests:
            what = data.split(b"\r\n")[0].decode()
            reply = wire.ask(data, what)
            allow = {m.strip().upper() for m in (reply.header("allow") or "").split(",")}
            if reply.status != 405 or allow != {"GET", "HEAD"}:
                _fail(server, what, f"got status {reply.status} with Allow: "
                      f"{reply.header('allow')!r}; expected 405 and Allow: GET, HEAD")
        what = "GET /hello.txt on the same connection after the 405s"
        _expect_file(server, site, wire.ask(_req("/hello.txt"), what, hint="was the connection closed after a 405?"), "hello.txt", what)


@pytest.mark.points(2)
def test_fifo_and_socket_file_404_without_blocking(site):
    """A FIFO and a socket file under root are 404 at once, and the server goes on.

    Hint: open(fifo) blocks until some process opens it for writing: the
    whole server hangs. Serve only regular files: stat first
    (stat.S_ISREG), or os.open with O_NONBLOCK and check os.fstat.

    中文: 根目录下的管道文件和套接字文件立即返回 404, 服务器不受影响。

    提示: 打开管道文件 (p) 会阻塞, 直到有进程以写方式打开它, 整个服务器就卡住了。只服务
    普通文件: 先 stat 用 stat.S_ISREG 判断, 或用 O_NONBLOCK 打开再 fstat。套接字文件 (s) 打不开。
    """
    with serve(http_server.serve_http, site.root) as server:
        for name in ("pipe", "sock"):
            what = f"GET /{name} ({'a FIFO' if name == 'pipe' else 'a socket file'})"
            with deadline(NET, what, "opening a FIFO blocks until a writer comes"):
                reply = _exchange(server, site, _req("/" + name), what)
            if reply.status != 404:
                _fail(server, what, f"got status {reply.status}; expected 404: "
                      "only regular files are served")
        _still_serving(server, site, "a normal client after GET /pipe and /sock")


def test_device_file_404(site):
    """A character device under root is a 404, not an endless or empty 200.

    Hint: a device is not a regular file: /dev/zero never ends, /dev/null is
    empty. Check stat.S_ISREG on the opened file (os.fstat) and answer 404.

    中文: 根目录下的字符设备文件返回 404, 而不是 200。

    提示: 设备文件 (c) 不是普通文件: /dev/zero 读不完, /dev/null 是空的。用 os.fstat 和
    stat.S_ISREG 判断, 不是普通文件就回 404。
    """
    with serve(http_server.serve_http, site.root) as server:
        if site.device:  # after serve(): a stub still fails "not implemented yet"
            pytest.skip(site.device)
        what = "GET /null (a character device like /dev/null)"
        with deadline(NET, what):
            reply = _exchange(server, site, _req("/null"), what)
        _expect_status(server, reply, 404, what)
        _still_serving(server, site)


# ------------------------------------------------------------------ traversal

def _refused(server, site, targets, hint: str) -> None:
    """Each target (on its own connection) gets 400, 403 or 404, never the secret."""
    bad = []
    for target in targets:
        what = f"GET {target!r}"
        with deadline(NET, what):
            reply = _exchange(server, site, _req(target), what)
        if reply.status not in (400, 403, 404):
            bad.append(f"{target!r} -> {reply.status}")
    if bad:
        _fail(server, "requests for paths that lead outside root",
              f"got {'; '.join(bad)}; expected 400, 403 or 404 for each. {hint}")
    _still_serving(server, site)


def _abs(site, *encode) -> str:
    """'/' + the absolute path of secret.txt, with '/' written as `encode[0]`."""
    slash = encode[0] if encode else "/"
    parts = [*site.base.strip("/").split("/"), "secret.txt"]
    return "/" + slash + slash.join(parts)


@pytest.mark.points(3)
def test_traversal_dot_segments(site):
    """".." segments, absolute paths and absolute-form targets never reach the secret next to root.

    Hint: after decoding, refuse any ".." segment; never os.path.join a path
    that starts with "/" (os.path.join(root, "/etc/passwd") is
    "/etc/passwd"); and check the real path is inside root.

    中文: 含 ".." 的路径、绝对路径和绝对形式的请求内容都不能读到根目录外的文件。

    提示: 解码后拒绝任何 ".." 段; 不要把以 "/" 开头的路径交给 os.path.join
    (os.path.join(root, "/etc/passwd") 的结果就是 "/etc/passwd"); 最后确认真实路径在根目录之内。
    """
    targets = ["/../secret.txt", "/sub/../../secret.txt", "/./../secret.txt",
               "/deep/a/b/../../../../secret.txt", "/..", "/../", "//../secret.txt",
               "/sub/./../../secret.txt", "/../root/../secret.txt", _abs(site),
               "http://127.0.0.1/../secret.txt"]
    with serve(http_server.serve_http, site.root) as server:
        _refused(server, site, targets, "Refuse '..' and absolute paths after "
                 "decoding, and compare the real path with root.")


@pytest.mark.points(3)
def test_traversal_percent_encoded(site):
    """Percent-encoded dots and slashes (%2e, %2E, %2f, %2F) never lead outside root.

    Hint: "%2e%2e" is ".." and "%2f" is "/" once decoded. Looking for ".."
    in the raw target misses them: percent-decode first, then split and
    check, then compare the real path with root.

    中文: 百分号编码的点和斜杠 (%2e、%2E、%2f、%2F) 也不能走出根目录。

    提示: 解码后 "%2e%2e" 就是 "..", "%2f" 就是 "/"。在解码前查找 ".." 是查不到的:
    先做百分号解码, 再按 "/" 切分检查, 最后比较真实路径和根目录。
    """
    targets = ["/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt",
               "/%2e./secret.txt", "/%2e%2E/secret.txt", "/..%2fsecret.txt",
               "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/%2E%2E%2Fsecret.txt",
               "/sub/%2e%2e/%2e%2e/secret.txt", "/sub%2f..%2f..%2fsecret.txt",
               _abs(site, "%2F"), _abs(site, "%2f"),
               "http://127.0.0.1/%2e%2e/secret.txt", "http://127.0.0.1/..%2Fsecret.txt"]
    with serve(http_server.serve_http, site.root) as server:
        _refused(server, site, targets, "Percent-decode the path before looking "
                 "for '..', and compare the real path with root.")


@pytest.mark.points(2)
def test_traversal_backslash_nul_double_encoding(site):
    """Backslashes, NUL bytes, double encoding and malformed escapes get 400, 403 or 404.

    Hint: decode exactly once ("%252e" is the three characters "%2e", a
    name that does not exist). A NUL byte makes os.open raise ValueError:
    refuse "%00" before touching the file system. A backslash is not a
    separator on Linux; refusing it is simplest. A broken escape ("%zz") is
    400 or 404, never a crash.

    中文: 反斜杠、NUL 字节、二次编码和错误的百分号转义都只能得到 400、403 或 404。

    提示: 只解码一次 ("%252e" 解码后是 "%2e" 三个字符)。NUL 字节会让 os.open 抛出
    ValueError: 在访问文件系统之前拒绝 "%00"。Linux 上反斜杠不是分隔符, 直接拒绝最简单。
    错误的转义 ("%zz") 回 400 或 404, 服务器不能崩溃。
    """
    targets = ["/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/..%252fsecret.txt",
               "/..\\secret.txt", "/..%5csecret.txt", "/..%5Csecret.txt",
               "/sub\\..\\..\\secret.txt", "/%2e%2e%5csecret.txt",
               "/../secret.txt%00", "/hello.txt%00.html", "/%00", "/sub/%00/../../secret.txt",
               "/%zz", "/hello%2", "/%"]
    with serve(http_server.serve_http, site.root) as server:
        _refused(server, site, targets, "Decode once, refuse NUL and backslashes, "
                 "and answer malformed escapes instead of crashing.")
        what = "a request line with a raw NUL byte in the target"
        with deadline(NET, what):
            reply = _exchange(server, site, b"GET /hello.txt\x00/../../secret.txt HTTP/1.1\r\n"
                              b"Host: x\r\n\r\n", what)
        if reply.status not in (400, 403, 404):
            _fail(server, what, f"got status {reply.status}; expected 400")


@pytest.mark.points(3)
def test_traversal_symlinks(site):
    """Symlinks inside root that lead outside (files, directories, an index.html) are refused.

    Hint: "/link_out.txt" has no "..", yet the file is outside. Resolve
    the path with os.path.realpath (also after adding index.html) and serve
    it only if it is root itself or starts with root + "/".

    中文: 根目录里指向外面的符号链接 (文件、目录、index.html) 一律拒绝。

    提示: "/link_out.txt" 里没有 "..", 但文件在外面。用 os.path.realpath 得到真实路径
    (加上 index.html 之后也要再查一次), 只有在根目录之内才服务。
    """
    targets = ["/link_out.txt", "/abs_link.txt", "/up/secret.txt", "/up/root/hello.txt/../../secret.txt",
               "/escape/", "/escape", "/escape/index.html"]
    with serve(http_server.serve_http, site.root) as server:
        _refused(server, site, targets, "Resolve symlinks (os.path.realpath) and "
                 "check the result is inside root, for index.html too.")


@needs_curl
def test_curl_refuses_traversal(site):
    """curl --path-as-is gets no file outside root through "..", %2e%2e or %2f.

    Hint: curl sends the path exactly as given; decode it, refuse "..",
    and compare the real path with root.

    中文: 用 curl --path-as-is 发送 ".."、%2e%2e、%2f 路径, 都拿不到根目录外的文件。

    提示: curl 会原样发送路径; 服务器要先解码, 拒绝 "..", 再比较真实路径和根目录。
    """
    with serve(http_server.serve_http, site.root) as server:
        base = "http://%s:%d" % server.address
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/sub/..%2f..%2fsecret.txt",
                     "/link_out.txt"):
            what = f"curl --path-as-is {base}{path}"
            out = _curl(server, what, ["-w", "\n%{http_code}", base + path])
            body, _, code = out.rpartition(b"\n")
            if site.secret in body or code not in (b"400", b"403", b"404"):
                _fail(server, what, f"got status {code.decode()!r} with "
                      f"{_show(body)}; expected 400, 403 or 404 and no file")


# ------------------------------------------------------------ malformed input

MALFORMED = [  # (request bytes, the status http_messages gives it)
    (b"GET\r\n\r\n", 400),
    (b"GET /\r\n\r\n", 400),
    (b"GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400),
    (b"GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    (b"GET / FTP/1.1\r\nHost: x\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\n\r\n", 400),                                   # no Host
    (b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
    (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(32)) + b"\r\n\r\n", 400),
    (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    (b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
]


@pytest.mark.points(2)
def test_malformed_requests_status_then_close(site):
    """A malformed request gets the status its HttpError carries, then the connection closes.

    Hint: catch http_messages.HttpError around reader.feed, answer with
    format_response(error.status, ...) (400, 501, 505, ...), add
    "Connection: close", send it, then close: the stream cannot be
    resynchronised after a bad request.

    中文: 格式错误的请求, 回复 HttpError 里的响应码, 然后关闭连接。

    提示: 在 reader.feed 外面捕获 http_messages.HttpError, 用 error.status (400、501、505 ...)
    作为响应码回复, 带 "Connection: close", 发完就关闭: 出错之后字节流已经无法再对齐。
    """
    with serve(http_server.serve_http, site.root) as server:
        for data, status in MALFORMED:
            what = f"the malformed request {_show(data, 60)}"
            with deadline(2 * NET, what), Wire(server, site) as wire:
                wire.send(data, what)
                reply = wire.response(what, close=True)
                if reply.status != status:
                    _fail(server, what, f"got status {reply.status}; expected "
                          f"{status}, the status of the HttpError reader.feed raised")
                wire.closed_after(what)
        _still_serving(server, site)


@pytest.mark.points(2)
def test_size_limits_431_413(site):
    """A head that never ends gets 431, a body announced too large 413, then close.

    Hint: RequestReader raises HttpError(431) or HttpError(413) as soon as a
    limit is broken; answer with that status (not always 400) and close,
    without waiting for the rest of the request.

    中文: 请求头过长回 431, 声明的请求体过大回 413, 然后关闭连接。

    提示: 超过限制时 RequestReader 会立即抛出 HttpError(431) 或 HttpError(413);
    用它带的响应码回复 (不要一律 400), 然后关闭, 不要等请求剩下的部分。
    """
    cases = [
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Fill: " + b"a" * (64 * 1024), 431, "a 64 KiB head without its end"),
        (b"POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n", 413,
         "POST announcing a 100 MiB body (not sent)"),
        (b"GET /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n" + bytes(1000), 413,
         "GET announcing a 100 MiB body"),
    ]
    with serve(http_server.serve_http, site.root) as server:
        for data, status, what in cases:
            with deadline(2 * NET, what), Wire(server, site) as wire:
                wire.send(data, what)
                reply = wire.response(what, close=True)
                if reply.status != status:
                    _fail(server, what, f"got status {reply.status}; expected {status}")
                wire.closed_after(what)
        _still_serving(server, site)


@pytest.mark.points(2)
def test_pipelined_requests_answered_in_order(site):
    """Requests sent together in one write are all answered, in order.

    Hint: reader.feed may return several requests (pipelining, HTTP's 粘包):
    answer every one of them, in order, not only the first.

    中文: 一次发来的多个请求 (流水线) 都要按顺序回复。

    提示: reader.feed 可能一次返回好几个请求 (HTTP 的粘包): 每个都要回复, 而且按顺序, 不能只回第一个。
    """
    plan = [("GET", "/hello.txt", 200, "hello.txt"), ("HEAD", "/logo.png", 200, None),
            ("GET", "/nothing", 404, None), ("GET", "/sub/", 200, "sub/index.html"),
            ("POST", "/hello.txt", 405, None), ("GET", "/style.css", 200, "style.css")]
    batch = b"".join(_req(path, method, body=b"x=1" if method == "POST" else b"")
                     for method, path, _, _ in plan)
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        what = f"{len(plan)} pipelined requests in one send"
        with deadline(2 * NET, what):
            wire.send(batch, what)
            for i, (method, path, status, name) in enumerate(plan, 1):
                step = f"{what}: response #{i} ({method} {path})"
                reply = wire.response(step, head=method == "HEAD")
                if reply.status != status:
                    _fail(server, step, f"got status {reply.status}; expected {status}")
                if name:
                    _expect_file(server, site, reply, name, step)


@pytest.mark.points(2)
def test_malformed_after_pipelined(site):
    """Requests completed before a malformed one are answered first, then its error, then close.

    Hint: HttpError.completed holds the requests that feed finished before
    the error: answer them in order, then send the error's status, then
    close.

    中文: 出错请求之前已经完整的请求先回复, 再回复错误响应码, 然后关闭连接。

    提示: HttpError.completed 里是出错之前已经解析完的请求: 先按顺序回复它们,
    再发送错误响应码, 然后关闭连接。
    """
    batch = (_req("/hello.txt") + _req("/index.html", "HEAD") + b"THIS IS NOT HTTP\r\n\r\n"
             + _req("/style.css"))
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        what = "GET /hello.txt + HEAD /index.html + a malformed request, in one send"
        with deadline(2 * NET, what):
            wire.send(batch, what)
            first = wire.response(what + ": response #1")
            _expect_file(server, site, first, "hello.txt", what + ": response #1 (GET /hello.txt)")
            second = wire.response(what + ": response #2", head=True)
            if second.status != 200:
                _fail(server, what, f"response #2 (HEAD /index.html) had status "
                      f"{second.status}; expected 200: answer error.completed first")
            third = wire.response(what + ": response #3", close=True)
            if third.status != 400:
                _fail(server, what, f"response #3 had status {third.status}; expected "
                      "400 for the malformed request")
            wire.closed_after(what)


# ------------------------------------------------------------ keep-alive

def test_http10_closes_by_default(site):
    """An HTTP/1.0 request without "Connection: keep-alive" gets its response, then the close.

    Hint: HTTP/1.0 closes after each response unless the request asks for
    keep-alive; a 1.0 client waits for that close.

    中文: 没有 "Connection: keep-alive" 的 HTTP/1.0 请求, 回复后关闭连接。

    提示: HTTP/1.0 默认每个响应之后关闭连接, 除非请求里有 keep-alive; 1.0 的客户端会等待这个关闭。
    """
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        what = "GET /hello.txt HTTP/1.0"
        with deadline(2 * NET, what):
            wire.send(_req("/hello.txt", version="HTTP/1.0"), what)
            _expect_file(server, site, wire.response(what, close=True), "hello.txt", what)
            wire.closed_after(what)


def test_http10_keep_alive_on_request(site):
    """HTTP/1.0 with "Connection: keep-alive" keeps the connection open.

    Hint: look at the Connection header's tokens (case-insensitive,
    comma-separated): "keep-alive" keeps a 1.0 connection, "close" closes a
    1.1 one.

    中文: 带 "Connection: keep-alive" 的 HTTP/1.0 请求, 连接保持打开。

    提示: 看 Connection 头里的词 (不区分大小写, 逗号分隔): keep-alive 让 1.0 连接保持, close 让 1.1 连接关闭。
    """
    with serve(http_server.serve_http, site.root) as server, Wire(server, site) as wire:
        for i, value in enumerate(("keep-alive", "Keep-Alive"), 1):
            what = f"GET /hello.txt HTTP/1.0 with Connection: {value} (request #{i})"
            request = _req("/hello.txt", version="HTTP/1.0", headers=[("Connection", value)])
            reply = wire.ask(request, what, hint="was the 1.0 keep-alive connection closed?")
            _expect_file(server, site, reply, "hello.txt", what)


def test_http11_connection_close(site):
    """HTTP/1.1 with "Connection: close" gets its response, then the close.

    Hint: 1.1 is keep-alive by default; "Connection: close" from the client
    means: answer, then close (and say "Connection: close" yourself).

    中文: 带 "Connection: close" 的 HTTP/1.1 请求, 回复后关闭连接。

    提示: 1.1 默认是长连接; 客户端发 "Connection: close" 的意思是: 回复之后关闭连接。
    """
    with serve(http_server.serve_http, site.root) as server:
        for value in ("close", "Close", "TE, close"):
            what = f"GET /hello.txt HTTP/1.1 with Connection: {value}"
            with deadline(2 * NET, what), Wire(server, site) as wire:
                wire.send(_req("/hello.txt", headers=[("Connection", value)]), what)
                _expect_file(server, site, wire.response(what, close=True), "hello.txt", what)
                wire.closed_after(what)


@pytest.mark.points(2)
def test_http_client_keep_alive(site):
    """http.client sends several requests over one HTTP/1.1 connection.

    Hint: HTTP/1.1 keeps the connection open by default: after a response,
    go back to reading the next request on the same socket (404 included).

    中文: http.client 在同一个 HTTP/1.1 连接上连续发送多个请求。

    提示: HTTP/1.1 默认是长连接: 回复之后回到同一个套接字上读下一个请求 (404 之后也一样)。
    """
    with serve(http_server.serve_http, site.root) as server:
        conn = http.client.HTTPConnection(*server.address, timeout=NET)
        try:
            first = None
            for method, path, status, name in [
                    ("GET", "/hello.txt", 200, "hello.txt"), ("HEAD", "/logo.png", 200, None),
                    ("GET", "/nothing", 404, None), ("GET", "/sub/page.html", 200, "sub/page.html")]:
                what = f"http.client {method} {path} on a keep-alive connection"
                with deadline(NET, what):
                    try:
                        conn.request(method, path)
                        response = conn.getresponse()
                        body = response.read()
                    except (OSError, http.client.HTTPException) as exc:
                        _fail(server, what, f"failed with {exc!r}: was the "
                              "connection closed after the previous response?")
                if response.status != status or (name and body != site.files[name]):
                    _fail(server, what, f"got {response.status} with {_show(body)}; "
                          f"expected {status}" + (f" and the content of {name}" if name else ""))
                first = first or conn.sock
                if response.will_close or conn.sock is not first:
                    _fail(server, what, "the server closed the HTTP/1.1 "
                          "connection (or said Connection: close); it must stay open")
        finally:
            conn.close()


@needs_curl
@pytest.mark.points(2)
def test_curl_get_keep_alive_and_head(site):
    """curl fetches two files over one connection, and HEAD gets the file's size.

    Hint: curl reuses the connection for the second URL only if the first
    response kept it open (HTTP/1.1, Content-Length). curl -I sends HEAD.

    中文: curl 在一个连接上取两个文件; HEAD 请求得到文件大小。

    提示: 只有第一个响应保持连接 (HTTP/1.1 并有 Content-Length) 时, curl 才会复用连接取第二个文件。curl -I 发送 HEAD。
    """
    with serve(http_server.serve_http, site.root) as server:
        base = "http://%s:%d" % server.address
        out_a, out_b = os.path.join(site.base, "a.out"), os.path.join(site.base, "b.out")
        what = f"curl {base}/hello.txt {base}/style.css"
        out = _curl(server, what, ["-w", "%{http_code} %{num_connects} %{content_type}\n",
                                   base + "/hello.txt", "-o", out_a, base + "/style.css", "-o", out_b])
        lines = out.decode().split("\n")
        if len(lines) < 2:
            _fail(server, what, f"curl printed {out!r}")
        (code_a, connects_a, type_a), (code_b, connects_b, type_b) = (
            (line.split(" ") + ["", "", ""])[:3] for line in lines[:2])
        with open(out_a, "rb") as a, open(out_b, "rb") as b:
            got_a, got_b = a.read(), b.read()
        if (code_a, code_b) != ("200", "200") or got_a != site.files["hello.txt"] \
                or got_b != site.files["style.css"]:
            _fail(server, what, f"statuses {code_a}, {code_b} with {_show(got_a)}, "
                  f"{_show(got_b)}; expected 200 and the files")
        if connects_b != "0":
            _fail(server, what, "curl had to open a new connection for the second "
                  "URL: the server closed the first one (HTTP/1.1 is keep-alive)")
        if type_b.split(";")[0] != _expected_type("style.css"):
            _fail(server, what, f"Content-Type of style.css was {type_b!r}")
        what = f"curl -I {base}/logo.png"
        head = _curl(server, what, ["-I", base + "/logo.png"]).decode("latin-1").lower()
        size = len(site.files["logo.png"])
        if not head.startswith("http/1.1 200") or f"content-length: {size}\r\n" not in head:
            _fail(server, what, f"curl -I printed {head[:300]!r}; expected 200 and "
                  f"Content-Length: {size} (the file size)")


def _curl(server, what: str, args) -> bytes:
    command = [CURL, "-sS", "--path-as-is", "--noproxy", "*", "-H", "Expect:",
               "--max-time", str(NET), *args]
    try:
        done = subprocess.run(command, capture_output=True, timeout=2 * NET,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        _fail(server, what, f"curl did not finish within {2 * NET} s")
    if done.returncode != 0:
        _fail(server, what, f"curl exited with {done.returncode}: "
              f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout


# ------------------------------------------------------------ timeouts and concurrency

@pytest.mark.points(3)
def test_slow_clients_do_not_block_others(site):
    """Idle, half-sent and slow-body clients do not delay another client.

    Hint: a server that serves one connection until it is done waits
    forever on a client that sends nothing. Use IO多路复用 (selectors, poll)
    with non-blocking sockets, or a thread or process per client.

    中文: 空闲的、只发了一半请求的、慢慢发送请求体的客户端都不能拖慢其他客户端。

    提示: 一个连接处理完才处理下一个的服务器, 会在一个什么都不发的客户端上永远阻塞。
    用 IO多路复用 (selectors、poll) 加非阻塞IO, 或者每个客户端一个线程或子进程。
    """
    with serve(http_server.serve_http, site.root) as server, \
            Wire(server, site) as idle, Wire(server, site) as half, Wire(server, site) as body:
        half_request = _req("/hello.txt")
        what = "an idle client, a half-sent request and a slow body are open"
        with deadline(NET, what):
            half.send(half_request[:20], what)
            body.send(b"POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                      + bytes(1000), what)
        _still_serving(server, site, f"while {what}, a new client")
        what = "the half-sent request, completed after another client was served"
        _expect_file(server, site, half.ask(half_request[20:], what), "hello.txt", what)
        what = "the slow POST body, completed after another client was served"
        reply = body.ask(bytes(99000), what)
        _expect_status(server, reply, 405, what)
        what = "the idle client, sending its request at last"
        _expect_file(server, site, idle.ask(_req("/hello.txt"), what), "hello.txt", what)


@pytest.mark.points(2)
def test_idle_connection_closed(site):
    """A connection that sends nothing is closed after idle_timeout, while others are served.

    Hint: give every connection a deadline (opening time + idle_timeout)
    and close it when the deadline passes: select/poll with a timeout, or
    sock.settimeout in a per-client thread.

    中文: 什么都不发的连接在 idle_timeout 之后被关闭, 其他客户端照常服务。

    提示: 给每个连接一个截止时间 (建立时间 + idle_timeout), 过了就关闭: select/poll 带超时,
    或者每个客户端一个线程用 sock.settimeout。
    """
    with serve(http_server.serve_http, site.root, IDLE) as server, \
            server.connect(timeout=NET) as idle:
        opened = time.monotonic()
        _still_serving(server, site, "a client served while another one is idle")
        what = f"an idle connection (idle_timeout={IDLE})"
        with deadline(IDLE + 2 * SLACK, what):
            _wait_closed(server, idle, what, IDLE + SLACK - (time.monotonic() - opened))
        elapsed = time.monotonic() - opened
        if elapsed < 0.5 * IDLE:
            _fail(server, what, f"closed after only {elapsed:.2f} s; idle_timeout is {IDLE} s")
        _still_serving(server, site)


@pytest.mark.points(2)
def test_slow_loris_closed(site):
    """A client dribbling a request one byte at a time is closed after idle_timeout all the same.

    Hint: the deadline runs from the connection's opening (or its last
    response), not from its last byte: restarting the clock on every recv
    lets a "slow-loris" client hold a connection forever.

    中文: 一次只发一个字节、永远发不完请求的客户端, 同样在 idle_timeout 之后被关闭。

    提示: 截止时间从连接建立 (或上一个响应) 开始算, 而不是从最后收到的字节算: 每次 recv
    都重新计时, 慢速攻击 (slow-loris) 的客户端就能永远占着连接。
    """
    request = _req("/hello.txt", headers=[("X-Pad", "a" * 400)])[:-4]  # never complete
    with serve(http_server.serve_http, site.root, IDLE) as server, \
            server.connect(timeout=NET) as slow:
        what = f"a client sending one byte every 50 ms (idle_timeout={IDLE})"
        opened = time.monotonic()
        served_other = False
        with deadline(IDLE + 2 * SLACK, what):
            for byte in request:
                if time.monotonic() - opened > IDLE + SLACK:
                    _fail(server, what, f"the connection was still open after "
                          f"{IDLE + SLACK:.2f} s: the idle clock must not restart "
                          "with every byte received")
                try:
                    slow.send(bytes([byte]))
                except (BrokenPipeError, ConnectionResetError):
                    break  # closed by the server
                readable, _, _ = select.select([slow], [], [], 0.05)
                if readable:  # the server closes (perhaps after a 408)
                    _wait_closed(server, slow, what, SLACK)
                    break
                if not served_other and time.monotonic() - opened > 0.2:
                    _still_serving(server, site, "a client served during the dribbling")
                    served_other = True
            else:
                _fail(server, what, "the whole dribbled request was sent and the "
                      "connection was never closed")
        _still_serving(server, site)


@pytest.mark.points(2)
def test_idle_clock_restarts_after_response(site):
    """On a keep-alive connection the idle clock restarts at each response.

    Hint: "idle" means no complete request since the connection opened or
    since its previous response: set the deadline again when a response has
    been sent, or a busy keep-alive client is cut off after idle_timeout.

    中文: 长连接上每次回复之后, 空闲计时重新开始。

    提示: "空闲" 指从连接建立或上一个响应以来没有完整的请求: 每发完一个响应就重新设定截止时间,
    否则一个一直在发请求的长连接客户端也会在 idle_timeout 之后被断开。
    """
    idle_timeout = 1.0
    with serve(http_server.serve_http, site.root, idle_timeout) as server, \
            Wire(server, site) as wire:
        opened = time.monotonic()
        for i in range(4):
            if i:  # stay idle for half the timeout: the server must neither send nor close
                readable, _, _ = select.select([wire.sock], [], [], idle_timeout / 2)
                if readable:
                    _fail(server, f"request #{i + 1} on a keep-alive connection",
                          f"the server sent or closed after {time.monotonic() - opened:.2f} s "
                          f"from the opening, but only {idle_timeout / 2} s after the "
                          "previous response: the idle clock must restart at each response")
            what = f"request #{i + 1}, {time.monotonic() - opened:.2f} s after the opening"
            _expect_file(server, site, wire.ask(_req("/hello.txt"), what), "hello.txt", what)


# ------------------------------------------------------------ large files, descriptors

def _pss(server) -> int:
    """Proportional set size of the server and its children (shared pages split)."""
    total = 0
    for proc in [server.process, *server.children()]:
        try:
            total += proc.memory_full_info().pss
        except Exception:  # noqa: BLE001 - a child that just ended
            pass
    return total


@pytest.mark.points(3)
def test_large_file_streamed_in_bounded_memory(site):
    """A 64 MiB file is sent completely while the server's memory stays far below its size.

    Hint: f.read() of the whole file puts 64 MiB in memory (per client!).
    Use os.sendfile or socket.sendfile, or a loop that reads and sends a
    fixed-size buffer; with non-blocking sockets, keep the file offset and
    continue when the socket is writable again.

    中文: 64 MiB 的文件完整发送, 而服务器占用的内存远小于文件大小。

    提示: f.read() 会把整个文件读进内存 (每个客户端一份!)。用 os.sendfile 或
    socket.sendfile, 或用固定大小的缓冲区循环读、发; 用非阻塞IO时记住文件偏移, 等套接字可写再继续。
    """
    size = 64 * MIB
    _sparse(os.path.join(site.root, "big.bin"), size)
    with serve(http_server.serve_http, site.root) as server:
        _still_serving(server, site, "a first request (warm-up)")
        before = _pss(server)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 256 * 1024)  # a slow reader
        sock.settimeout(NET)
        with sock, Wire(server, site, sock=sock, keep=False) as wire:
            sock.connect(server.address)
            what = "GET /big.bin (64 MiB), read slowly"
            data, peak, samples = bytearray(), 0, [4 * MIB, 16 * MIB, 32 * MIB, 48 * MIB]
            with deadline(30, what):
                wire.send(_req("/big.bin"), what)
                conn = wire.conn
                conn.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
                conn.send(h11.EndOfMessage())
                while True:
                    event = conn.next_event()
                    if event is h11.NEED_DATA:
                        conn.receive_data(wire.recv(what, 256 * 1024))
                    elif isinstance(event, h11.Data):
                        data += event.data
                        while samples and len(data) >= samples[0]:
                            samples.pop(0)
                            peak = max(peak, _pss(server) - before)
                            if not samples:
                                _still_serving(server, site, "a client served during the 64 MiB transfer")
                    elif isinstance(event, h11.Response):
                        if event.status_code != 200:
                            _fail(server, what, f"got status {event.status_code}")
                    elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
                        break
        if len(data) != size:
            _fail(server, what, f"received {len(data)} bytes; expected {size}")
        wrong = [k for k in range(size // MIB) if data[k * MIB:k * MIB + 16] != _marker(k)]
        if wrong:
            _fail(server, what, f"the bytes at MiB {wrong[:5]} are not the file's")
        if peak > 16 * MIB:
            _fail(server, what, f"the server's memory grew by {peak / MIB:.0f} MiB "
                  "during the transfer: the file was read into memory instead of "
                  "being streamed")


@pytest.mark.points(3)
def test_descriptors_back_to_baseline(site):
    """The server's descriptors return to the baseline however clients leave, and it keeps serving.

    Hint: close the client socket on every path (reset, broken pipe, EOF,
    idle timeout, bad request) and close the file you opened even when the
    client leaves in the middle of a download.

    中文: 无论客户端以何种方式离开, 服务器打开的文件描述符都回到基线, 并继续服务。

    提示: 每条路径都要关闭客户端套接字 (对方复位、管道破裂、EOF、空闲超时、错误请求),
    客户端在下载中途离开时, 也要关闭已经打开的文件。
    """
    _sparse(os.path.join(site.root, "medium.bin"), 4 * MIB)
    linger0 = struct.pack("ii", 1, 0)
    with serve(http_server.serve_http, site.root, 1.0) as server:
        baseline = server.num_fds()
        idle = server.connect(timeout=NET)   # left for the idle timeout to close
        with idle, deadline(20, "clients leaving in every way"):
            for i in range(3):
                with Wire(server, site) as wire:                     # Connection: close
                    wire.send(_req("/hello.txt", headers=[("Connection", "close")]), "close")
                    wire.response("GET with Connection: close", close=True)
                with Wire(server, site) as wire:                     # keep-alive, client closes
                    wire.send(_req("/index.html") + _req("/sub/"), "keep-alive")
                    wire.response("keep-alive #1")
                    wire.response("keep-alive #2")
                with server.connect(timeout=NET) as sock:            # reset before reading
                    sock.sendall(_req("/logo.png"))
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger0)
                with server.connect(timeout=NET):                    # never sends
                    pass
                with server.connect(timeout=NET) as sock:            # half a request
                    sock.sendall(_req("/hello.txt")[:15])
                with server.connect(timeout=NET) as sock:            # leaves mid-download
                    sock.sendall(_req("/medium.bin"))
                    sock.recv(65536)
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger0)
                with server.connect(timeout=NET) as sock:            # mid-download, plain close
                    sock.sendall(_req("/medium.bin"))
                    sock.recv(65536)
                with Wire(server, site) as wire:                     # malformed: server closes
                    wire.send(b"NONSENSE\r\n\r\n", "malformed")
                    wire.response("malformed request", close=True)
                with server.connect(timeout=NET) as sock:            # pipelined, never read
                    sock.sendall(_req("/style.css") * 5 + _req("/medium.bin", "HEAD"))
            _wait_closed(server, idle, "an idle client (idle_timeout=1.0)", 1.0 + SLACK)
        count = server.wait_fds(baseline, timeout=5.0)
        if count > baseline:
            _fail(server, "after clients left in every way", f"the server holds {count} "
                  f"open descriptors, {count - baseline} more than its {baseline} before "
                  "the clients came: a socket or a file is not closed on some path")
        _still_serving(server, site)
