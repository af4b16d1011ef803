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
from typing import NoReturn

from . import http_messages  # noqa: F401  (your own module of topic 11)


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
    raise NotImplementedError
