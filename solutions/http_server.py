"""A static-file HTTP/1.1 server: everything of the course in one program.

`serve_http(listener, root)` answers GET and HEAD requests with the files
under the directory `root`, as a web server does for a static site. It
puts the earlier topics together:

- requests are parsed with `http_messages.RequestReader` (the byte stream
  carries several requests back to back: HTTP's 粘包), and responses are
  built with `http_messages.format_response`;
- one process serves many clients at once; how is your choice: IO多路复用
  (`selectors`, `poll`) with non-blocking sockets, one thread per client,
  or one process per client. A slow, idle or hostile client must never
  stop the others.

What a correct static server must get right (the checks test each one):

- Mapping the URL to a file is the security boundary. Percent-decode the
  path FIRST, then look for `..`: "/%2e%2e/secret" is "/../secret" in
  disguise, "%2f" is a "/", "%00" a NUL byte. Then resolve symlinks
  (`os.path.realpath`) and make sure the result is still inside `root`: a
  symlink inside the site may point anywhere. `os.path.join(root, "/etc")`
  is "/etc": never join a path that starts with "/".
- Only regular files are served. Opening a FIFO blocks until a writer
  comes (`O_NONBLOCK` avoids it); a device may stream forever; a socket
  file cannot be opened. All of them are 404.
- HEAD sends exactly the headers GET would send, Content-Length included,
  and no body.
- Connections: HTTP/1.1 stays open unless the request says
  `Connection: close`; HTTP/1.0 closes unless it says
  `Connection: keep-alive`. Pipelined requests are answered in order.
- A connection that does not complete a request within `idle_timeout`
  seconds is closed, even one that dribbles a byte at a time (the
  "slow-loris" attack): the clock runs from the connection's opening or
  its last response, not from its last byte.
- Large files are streamed (`os.sendfile`, or a read/send loop with a fixed
  buffer), never read whole into memory.

中文概述: 本主题用前面学过的内容写一个静态网页服务器: 用 http_messages 解析请求
(HTTP 也有粘包: 一次 recv 里可能有多个请求, 也可能只有半个), 按响应码回应 (200,
404 找不到, 405 方法不允许, 400 请求格式错误, 431/413 太大)。并发模型自选: IO多路复用
(select/poll/selectors + 非阻塞IO)、每个客户端一个线程、或每个客户端一个子进程;
但无论哪种, 一个慢客户端、空闲客户端或恶意客户端都不能阻塞其他客户端。安全方面
最重要的是路径: 先做百分号解码 (%2e%2e 就是 .., %2f 就是 /), 再检查 .., 再用
realpath 解析符号链接, 确认结果仍在网站根目录之内。只服务普通文件: 管道文件 (p)
打开时会阻塞, 设备文件 (c/b) 可能无限输出, 套接字文件 (s) 打不开, 一律 404
(参见"Linux下文件类型 bcd-lsp")。HEAD 只发响应头, 不发响应体。笔记中的请求行
写成 `GET /index.html /HTTP/1.1`, 响应行写成 `HTTP/1.1 20 OK`, 都是错的: 正确的是
`GET /index.html HTTP/1.1` 和 `HTTP/1.1 200 OK`。

Run the checks with `pytest --topic http_server`.
"""
# Strategy: one thread, IO多路复用 with `selectors` over non-blocking sockets
# (the multiplexing topic's server, grown up). Each client is a Connection
# holding its RequestReader, the requests parsed and not yet answered, and
# the output still to send (bytes, or a FileBody sent with os.sendfile). A
# connection is watched for reading while it has nothing to send, and for
# writing otherwise, so a client that does not read its responses cannot
# make the server buffer without bound. Every client has one deadline: the
# idle timeout, pushed back by each send that makes progress but never by
# received bytes (a slow-loris client is not spared). The selector's own map
# ({fileno: key}, the notes' IO地图) is the list of clients.
import mimetypes
import os
import re
import selectors
import socket
import stat
import time
import traceback
from collections import deque
from typing import NoReturn
from urllib.parse import unquote_to_bytes, urlsplit

from . import http_messages

ALLOW = "GET, HEAD"         # the methods a static server answers
RECV_SIZE = 65536           # bytes asked for per recv
SMALL_FILE = 64 * 1024      # files up to this size go out in one send with their head
LINGER = 1.0                # seconds to drain a client's input after our final response
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")  # "%" not followed by two hex digits


class NotServed(Exception):
    """The request names nothing we serve; `status` is the answer (400, 403, 404)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def target_names(target: str) -> list[str]:
    """The decoded path segments of a request target, without "" and ".".

    "/a/b%20c.txt?x=1" -> ["a", "b c.txt"]. The query is dropped. An
    absolute-form target ("http://host/a") counts by its path (RFC 9112
    §3.2.2). Raises NotServed(400) for anything that is not a clean path
    below the root: malformed escapes, NUL, backslashes and ".." segments,
    all checked AFTER percent-decoding.
    """
    if not target.startswith("/"):
        parts = urlsplit(target)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise NotServed(400)
        target = parts.path or "/"
    path = target.split("?", 1)[0]
    if not path.startswith("/") or _BAD_ESCAPE.search(path):
        raise NotServed(400)
    # The target was decoded as ISO-8859-1: encoding it back gives the bytes
    # sent; a file name on Linux is bytes too (os.fsdecode keeps any byte).
    raw = unquote_to_bytes(path.encode("latin-1"))
    if b"\0" in raw or b"\\" in raw:
        raise NotServed(400)
    names = []
    for segment in raw.split(b"/"):
        if segment == b"..":
            raise NotServed(400)
        if segment not in (b"", b"."):
            names.append(os.fsdecode(segment))
    return names


def inside(root: str, path: str) -> str:
    """The real path of `path` (symlinks resolved); NotServed(404) if outside `root`."""
    real = os.path.realpath(path)
    if real != root and not real.startswith(os.path.join(root, "")):  # root + "/"
        raise NotServed(404)
    return real


def find_file(root: str, target: str) -> tuple[str, str]:
    """(real path of the file to serve, name its type comes from) for `target`.

    A directory stands for its index.html. `root` is a real path.
    """
    names = target_names(target)
    path = inside(root, os.path.join(root, *names))
    name = names[-1] if names else ""
    if os.path.isdir(path):
        path = inside(root, os.path.join(path, "index.html"))
        name = "index.html"
    return path, name


def open_regular(path: str) -> tuple[int, int]:
    """(fd, size) of the regular file at `path`; NotServed(403/404) otherwise.

    O_NONBLOCK: opening a FIFO would otherwise block until a writer comes.
    The type is checked on the opened descriptor, so it is the file we serve.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except PermissionError:
        raise NotServed(403) from None
    except OSError:  # missing, a socket file (ENXIO), a name too long, ...
        raise NotServed(404) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotServed(404)
    return fd, info.st_size


def content_type(name: str) -> str:
    """The media type for a file name, from the extension (mimetypes)."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def keeps_alive(request) -> bool:
    """Whether the connection stays open after answering `request` (RFC 9112 §9.3)."""
    tokens = {token.strip().lower()
              for name, value in request.headers if name.lower() == "connection"
              for token in value.split(",")}
    if request.version == "HTTP/1.0":
        return "keep-alive" in tokens
    return "close" not in tokens


def error_response(status: int, head_only: bool = False, headers=()) -> bytes:
    """A short text/plain error response (its headers only, for HEAD)."""
    body = f"{status} {http_messages.reason_phrase(status)}\n".encode()
    fields = [("Content-Type", "text/plain; charset=utf-8"),
              ("Content-Length", str(len(body))), *headers]
    return http_messages.format_response(status, fields, b"" if head_only else body)


class FileBody:
    """The part of an open file still to send, with os.sendfile (no copy in Python)."""

    def __init__(self, fd: int, size: int):
        self.fd = fd
        self.offset = 0
        self.remaining = size

    def send(self, sock) -> int:
        sent = os.sendfile(sock.fileno(), self.fd, self.offset, self.remaining)
        if sent == 0:
            raise OSError("the file shrank while it was being sent")
        self.offset += sent
        self.remaining -= sent
        return sent

    def close(self) -> None:
        os.close(self.fd)


def respond(request, root: str, headers=()) -> list:
    """The output items (bytes, FileBody) that answer `request`, in order."""
    head_only = request.method == "HEAD"
    if request.method not in ("GET", "HEAD"):
        return [error_response(405, False, [("Allow", ALLOW), *headers])]
    try:
        path, name = find_file(root, request.target)
        fd, size = open_regular(path)
    except NotServed as refusal:
        return [error_response(refusal.status, head_only, headers)]
    head = http_messages.format_response(200, [
        ("Content-Type", content_type(name)), ("Content-Length", str(size)), *headers])
    if head_only:
        os.close(fd)
        return [head]
    if size <= SMALL_FILE:
        try:
            return [head + os.read(fd, size)]
        finally:
            os.close(fd)
    return [head, FileBody(fd, size)]


class Connection:
    """One client: its socket, parser, unanswered requests and unsent output."""

    def __init__(self, sock, selector, root: str, idle_timeout: float):
        self.sock = sock
        self.selector = selector
        self.root = root
        self.idle_timeout = idle_timeout
        self.reader = http_messages.RequestReader()
        self.requests = deque()   # parsed, not answered yet
        self.error = None         # an HttpError to answer after self.requests
        self.output = deque()     # bytes and FileBody items, in order
        self.closing = False      # no more responses: close once output is sent
        self.eof = False          # the client has shut down its sending side
        self.lingering = False    # our side is shut down; draining until the client closes
        self.closed = False
        self.deadline = time.monotonic() + idle_timeout
        self.events = selectors.EVENT_READ
        selector.register(sock, self.events, self)

    def on_readable(self) -> None:
        try:
            data = self.sock.recv(RECV_SIZE)
        except BlockingIOError:
            return
        except OSError:           # reset by the client
            self.close()
            return
        if self.lingering:        # discard; the client's close ends it
            if not data:
                self.close()
            return
        if not data:
            self.eof = True
        else:
            try:
                self.requests.extend(self.reader.feed(data))
            except http_messages.HttpError as error:
                self.requests.extend(error.completed)  # answered first
                self.error = error
        self.pump()

    def pump(self) -> None:
        """Send what the socket takes; when the output is empty, answer the next request."""
        while not self.closed:
            if self.output:
                if not self.send_some():
                    break
            elif self.requests and not self.closing:
                self.answer(self.requests.popleft())
            elif self.error and not self.closing:
                self.output.append(error_response(
                    self.error.status, headers=[("Connection", "close")]))
                self.closing = True
            elif self.closing or self.eof:
                self.finish()
                break
            else:
                break             # waiting for the next request
        self.watch()

    def answer(self, request) -> None:
        keep_alive = keeps_alive(request)
        headers = [("Connection", "keep-alive" if keep_alive else "close")]
        self.output.extend(respond(request, self.root, headers))
        self.closing = not keep_alive

    def send_some(self) -> bool:
        """One send of the first output item; False when the socket is full or gone."""
        item = self.output[0]
        try:
            if isinstance(item, FileBody):
                item.send(self.sock)
                done = item.remaining == 0
            else:
                sent = self.sock.send(item)
                done = sent == len(item)
                self.output[0] = item[sent:]
        except BlockingIOError:
            return False
        except OSError:           # broken pipe, reset: the client has gone
            self.close()
            return False
        self.deadline = time.monotonic() + self.idle_timeout  # progress
        if done:
            self.output.popleft()
            if isinstance(item, FileBody):
                item.close()
        return True

    def finish(self) -> None:
        """Our last response is out: close, draining the client's input briefly first.

        Closing with unread input makes the kernel send a reset, which can
        destroy the response before the client reads it (RFC 9112 §9.6).
        """
        if self.eof:
            self.close()
            return
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self.close()
            return
        self.lingering = True
        self.deadline = time.monotonic() + min(LINGER, self.idle_timeout)

    def watch(self) -> None:
        """Watch for writing while output is pending, else for reading."""
        if self.closed:
            return
        events = selectors.EVENT_WRITE if self.output else selectors.EVENT_READ
        if events != self.events:
            self.selector.modify(self.sock, events, self)
            self.events = events

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.selector.unregister(self.sock)
        self.sock.close()
        for item in self.output:
            if isinstance(item, FileBody):
                item.close()
        self.output.clear()


def accept_clients(listener, selector, root: str, idle_timeout: float) -> None:
    """Accept every client waiting in the backlog."""
    while True:
        try:
            sock, _address = listener.accept()
        except ConnectionAbortedError:  # gone before we accepted it
            continue
        except OSError:  # BlockingIOError: nobody waits; EMFILE: no descriptor left, later
            return
        sock.setblocking(False)
        Connection(sock, selector, root, idle_timeout)


def serve_http(listener, root, idle_timeout: float = 10.0) -> NoReturn:
    """Serve the files under ``root`` over HTTP/1.1 on ``listener``, forever.

    Requests are read with ``http_messages.RequestReader()`` (its default
    limits: 8 KiB of head, 1 MiB of body) and answered with responses built
    by ``http_messages.format_response``. Many clients are served at the
    same time (IO多路复用, threads or processes: your choice); a slow, idle
    or hostile client never delays the others.

    What each request gets:

    - GET of a regular file under ``root``: 200 with the file as the body,
      ``Content-Length`` (the file size) and ``Content-Type`` from
      ``mimetypes.guess_type`` on the file's name, or
      ``application/octet-stream`` when it does not know the name (a
      ``; charset=...`` parameter may follow the type).
    - HEAD: exactly the headers GET would send (the same Content-Length and
      Content-Type), and no body.
    - The path of the target is percent-decoded (``/a%20b.txt`` names the
      file ``a b.txt``; the decoded bytes are the file name, UTF-8 as a rule);
      the query string (from ``?`` on) is ignored. An absolute-form target
      (``http://host/path``) is served by its path after the same checks,
      or refused with 400.
    - A directory, with or without a trailing slash (``/docs/`` or
      ``/docs``), serves its ``index.html``; without one, 404.
    - A missing file, or anything that is not a regular file (a FIFO, a
      device, a socket file), 404, without blocking: opening a FIFO waits
      for a writer unless it is opened with ``O_NONBLOCK`` (or not opened).
    - Any other method (POST, PUT, DELETE, OPTIONS, BREW, ...): 405 with
      ``Allow: GET, HEAD``.
    - 404 and 405 keep the connection open, like a 200.

    Never anything outside ``root``: ``..`` segments, percent-encoded dots
    and slashes (``%2e%2e``, ``%2f``, upper or lower case), backslashes,
    ``%00``, and symlinks (to files or directories, or an ``index.html``
    that is a symlink) that lead outside ``root`` are answered 400, 403 or
    404, never with the file. Check AFTER percent-decoding, and on the real
    path (symlinks resolved). Paths that stay inside ``root`` after
    normalising may be served or refused. A malformed percent-escape
    (``%zz``) gets 400 or 404.

    A malformed request (``RequestReader.feed`` raises ``HttpError``): first
    answer the requests completed before it (``error.completed``), in order,
    then send a response with the error's ``status`` (400, 413, 431, 501,
    505), then close the connection.

    Connections: an HTTP/1.1 connection stays open for the next request
    unless the request says ``Connection: close``; an HTTP/1.0 one is closed
    after the response unless the request says ``Connection: keep-alive``.
    Pipelined requests (several sent before any answer) are answered in
    order. A server that closes should say so (``Connection: close`` in its
    last response) and may first read and discard, briefly, what the client
    still sends (closing with unread input sends a reset).

    Idle clients: a connection that has not completed a request within
    ``idle_timeout`` seconds of its opening, or of the end of its previous
    response, is closed (a ``408`` response first is allowed). Bytes that
    arrive do not restart the clock: a client dribbling a byte at a time is
    closed all the same.

    Large files are streamed: a 64 MiB file is sent without ever holding it
    in memory (``os.sendfile``, ``socket.sendfile``, or a read/send loop
    with a fixed-size buffer).

    Args:
        listener: a bound, listening TCP socket. This function owns it (it may
            make it non-blocking).
        root: the directory to serve (str or ``os.PathLike``).
        idle_timeout: seconds a connection may stay without completing a
            request (a float > 0).

    Returns:
        Never: serves until the process is killed. One client's error (a
        reset, a broken pipe, a bad request) ends only that client's
        connection, never the server.
    """
    root = os.path.realpath(root)
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, None)
    while True:
        clients = [key.data for key in selector.get_map().values() if key.data]
        timeout = None
        if clients:
            timeout = max(0.0, min(c.deadline for c in clients) - time.monotonic())
        for key, events in selector.select(timeout):
            if key.data is None:
                accept_clients(listener, selector, root, idle_timeout)
                continue
            conn = key.data
            try:
                if events & selectors.EVENT_WRITE:
                    conn.pump()
                if events & selectors.EVENT_READ and not conn.closed:
                    conn.on_readable()
            except Exception:  # a bug with one client must not stop the others
                traceback.print_exc()
                conn.close()
        now = time.monotonic()
        for key in list(selector.get_map().values()):
            if key.data and key.data.deadline <= now:
                key.data.close()  # idle too long, or done lingering
