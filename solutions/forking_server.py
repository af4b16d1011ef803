"""A forking server: one child process per client (多进程并发服务器).

The iterative server of the tcp topic serves one client at a time: a slow
client makes everyone else wait. The oldest fix is to fork: the parent only
accepts, and each accepted connection is handled by a child process of its
own. The parent and the child then each hold a copy of two sockets, and each
must close the one it does not use:

- the child closes the *listener* (it never accepts; a child holding it
  keeps the port open after the server dies, and could accept a client of
  the server by mistake), runs the handler on the connection, closes it, and
  ends with ``os._exit``, whatever the handler did. A child that returns,
  or lets an exception escape, falls back into the parent's ``accept`` loop:
  a second server is born;
- the parent closes its copy of the *connection* at once. Otherwise it leaks
  one descriptor per client, and the client never sees end of stream: the
  connection stays open as long as *any* process holds it.

Reaping: each child that ends becomes a zombie until the parent waits for
it. A parent blocked in ``accept`` never gets around to it, so reap without
waiting for the next client: a ``SIGCHLD`` handler that loops on
``os.waitpid(-1, os.WNOHANG)`` (signals do not queue: one SIGCHLD may stand
for several children), or ``signal.signal(SIGCHLD, SIG_IGN)`` (the kernel
then reaps them itself), or a listener timeout that lets the loop poll with
WNOHANG at least once a second. Since Python 3.5 (PEP 475) an ``accept``
interrupted by a signal handler is retried for you.

中文概述: 本节用 os.fork 实现多进程并发服务器: 父进程只负责 accept, 每来一个客户端就
fork 一个子进程专门处理它。fork 之后父子进程各有一份监听套接字和连接套接字, 各自关掉
自己不用的那个: 子进程关闭监听套接字, 处理完客户端后关闭连接并用 os._exit 退出 (无论
处理函数是否抛出异常, 否则子进程会回到父进程的 accept 循环, 变成第二个服务器); 父进程
马上关闭自己那份连接套接字, 否则每个客户端泄漏一个文件描述符, 客户端也永远读不到 EOF
(只要还有一个进程持有连接, 连接就不会关闭)。子进程结束后如果父进程不回收, 就成为僵尸
进程; 父进程阻塞在 accept 里, 所以要用 SIGCHLD 信号处理函数循环 waitpid(-1, WNOHANG)
回收 (多个 SIGCHLD 可能合并成一个), 或者 signal(SIGCHLD, SIG_IGN) 让内核自动回收,
不能只在下一个客户端到来时才回收。讲义里的 os.exit 并不存在, 子进程应使用 os._exit。
"""
# Strategy: the parent's loop is accept, fork, close; reaping happens in a
# SIGCHLD handler, so it never depends on the next client. The child's whole
# life is one try/finally that ends in os._exit.
import os
import signal
import sys
import traceback
from typing import NoReturn

_CHUNK = 65536


def echo_handler(conn) -> None:
    """Echo everything the client sends until it shuts down its writing side.

    Sends every chunk back as it arrives (``recv``, then ``sendall``), and
    returns when ``recv`` returns ``b""``. It does not close ``conn``: the
    server does that. Socket errors (a reset, a broken pipe) propagate.

    Args:
        conn: a connected, blocking stream socket.

    Returns:
        None, once the client has shut down its writing side.
    """
    while True:
        data = conn.recv(_CHUNK)
        if not data:
            return
        conn.sendall(data)


def _reap_children(signum, frame) -> None:
    """SIGCHLD handler: reap every finished child (signals do not queue)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return          # no children left
        if pid == 0:
            return          # the others still run


def _serve_one_and_exit(listener, conn, handler) -> NoReturn:
    """In the child: close the listener, run the handler, close, os._exit."""
    code = 0
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # not the server's job here
        listener.close()
        handler(conn)
    except BaseException:                  # noqa: BLE001 - SystemExit, Ctrl-C too
        code = 1
        try:
            traceback.print_exc()
        except BaseException:              # noqa: BLE001 - stderr may be gone
            pass
    finally:
        try:
            conn.close()
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except BaseException:      # noqa: BLE001
                    pass
            os._exit(code)                 # never back into the accept loop


def serve_forking(listener, handler=echo_handler) -> NoReturn:
    """Serve every client in a child process of its own, forever.

    For each accepted connection the server forks. The child closes the
    listener, runs ``handler(conn)``, closes the connection and ends with
    ``os._exit``, whether or not the handler raised (any ``BaseException``:
    ``SystemExit`` and ``KeyboardInterrupt`` included): it never returns into
    the accept loop. The parent closes its copy of the connection at once (so
    the client sees end of stream as soon as its handler is done, and the
    parent's descriptor count does not grow), and reaps finished children
    without blocking and without waiting for the next client: a ``SIGCHLD``
    handler looping on ``os.waitpid(-1, os.WNOHANG)``, ``SIGCHLD`` set to
    ``SIG_IGN``, or ``WNOHANG`` polling at least once a second. Zombies never
    pile up, even when no new client arrives.

    Clients are served in parallel: a slow or idle client holds only its own
    child. A client that resets its connection, or leaves while its echo is
    being sent, ends only its own child.

    Args:
        listener: a bound, listening TCP (or Unix stream) socket. This
            function owns it.
        handler: called as ``handler(conn)`` in the child with the client's
            connected socket; must be a module-level function (or any
            callable) and need not close ``conn``. Default: ``echo_handler``.

    Returns:
        Never (it serves until the process is killed).
    """
    signal.signal(signal.SIGCHLD, _reap_children)
    while True:
        try:
            conn, _addr = listener.accept()   # retried after SIGCHLD (PEP 475)
        except ConnectionAbortedError:
            continue                          # the client left before accept
        try:
            pid = os.fork()
        except OSError:
            conn.close()                      # cannot fork now: drop this client
            continue
        if pid == 0:
            _serve_one_and_exit(listener, conn, handler)
        conn.close()                          # the child has its own copy
