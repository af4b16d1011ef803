"""Servers under test: the harness makes the listener, the sandbox runs it.

Strategy: `serve()` binds the listener (127.0.0.1 port 0, or a socket file in
a short temp folder; for kind="udp" a bound UDP socket on 127.0.0.1 port 0,
which is not listening), forks `serve_*(listener, ...)` into a sandbox, closes
its own copy, and polls (bounded) until the server process is blocked waiting
for clients, or has died, in which case the server's own exception is raised
at once: a stub's NotImplementedError then reads "not implemented yet".
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import time

import psutil

from .i18n import msg
from .sandbox import Limits, Sandbox, _exit_text, _wchan, raise_outcome

READY_SECONDS = 5.0
NOTE_PREFIX = "netlab: "  # notes the short failure report shows


class ServerDied(AssertionError):
    """The server under test ended while it should still be serving."""


class Server:
    """A running server under test, as seen from a check."""

    def __init__(self, box: Sandbox, address, what: str, kind: str = "tcp"):
        self._box = box
        self.address = address
        self.what = what
        self.kind = kind
        self.pid: int = box.worker_pid
        self.process = psutil.Process(self.pid)

    def connect(self, timeout: float = 5.0) -> socket.socket:
        """A new client socket connected to the server (blocking, `timeout`).

        For kind="udp": a UDP socket connect()ed to the server's address (it
        sends there with `send` and receives only the server's datagrams).
        """
        if self.kind == "udp":
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.settimeout(timeout)
            try:
                sock.connect(self.address)
            except BaseException:
                sock.close()
                raise
            return sock
        if isinstance(self.address, str):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(self.address)
            except BaseException:
                sock.close()
                raise
            return sock
        return socket.create_connection(self.address, timeout=timeout)

    def check_alive(self, what: str = "") -> None:
        """Raise ServerDied if the server has ended (with its own exception)."""
        box = self._box
        if not box.done and box.outcome is None and not box.stray:
            return  # no news: still serving (its outcome precedes the exit report)
        during = f" {what}" if what else ""
        try:
            raise_outcome(self._box, self.what)
        except ServerDied:
            raise
        except BaseException as exc:
            raise ServerDied(msg("server_raised", what=self.what, during=during,
                                 type=type(exc).__name__, text=exc)) from exc
        raise ServerDied(msg("server_returned", what=self.what, during=during))

    def num_fds(self) -> int:
        return self.process.num_fds()

    def wait_fds(self, target: int, timeout: float = 2.0) -> int:
        """Poll until the server has at most `target` open fds; the last count."""
        end = time.monotonic() + timeout
        while True:
            count = self.num_fds()
            if count <= target or time.monotonic() >= end:
                return count
            self._box.pump(0.005)

    def children(self) -> list[psutil.Process]:
        return self.process.children(recursive=True)

    def state(self) -> str:
        """What the server process is doing, for a failure message."""
        box = self._box
        if box.done or box.outcome is not None:
            return msg("server_ended", what=self.what)
        try:
            with self.process.oneshot():
                status, threads = self.process.status(), self.process.num_threads()
            kids = len(self.children())
        except psutil.Error:
            return msg("server_ended", what=self.what)
        wchan = _wchan(self.pid)
        return msg("server_state", pid=self.pid, status=status,
                   wchan=f" in {wchan}" if wchan else "", threads=threads, kids=kids)


def _wait_ready(box: Sandbox, what: str) -> None:
    end = time.monotonic() + READY_SECONDS
    while box.worker_pid is None and time.monotonic() < end and not box.done:
        box.pump(0.05)
    while time.monotonic() < end and not box.done:
        try:
            if psutil.Process(box.worker_pid).status() in (
                    psutil.STATUS_SLEEPING, psutil.STATUS_DISK_SLEEP):
                return
        except psutil.Error:
            pass
        box.pump(0.001)
    if box.done:
        raise_outcome(box, what)
        status = box.exit[1] if box.exit else None
        raise ServerDied(msg("server_returned_at_once", what=what, status=_exit_text(status)))


def short_temp_root() -> str:
    """Where socket files go: the temp folder (TMPDIR, so a grading run's
    files stay in its own folder) when its path is short enough for an
    AF_UNIX address (107 bytes, with room for a folder and a name), else /tmp."""
    root = tempfile.gettempdir()
    return root if len(root) <= 60 else "/tmp"


@contextlib.contextmanager
def short_temp_dir(prefix: str = "nl-"):
    """A fresh folder under `short_temp_root()` for a `with` block, for socket
    files and test trees; yields its path (a str) and removes it, with all it
    holds, afterwards."""
    path = tempfile.mkdtemp(prefix=prefix, dir=short_temp_root())
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _serve_listener(server_fn, listener, args):
    return server_fn(listener, *args)


@contextlib.contextmanager
def serve(server_fn, *args, kind: str = "tcp", backlog: int = 128,
          limits: Limits = Limits(), sockopts=()):
    """Run `server_fn(listener, *args)` in the sandbox for a `with` block.

    Args:
        server_fn: a `serve_*` function of the implementation.
        kind: "tcp" (127.0.0.1, port 0), "unix" (a socket file), or "udp"
            (a UDP socket bound to 127.0.0.1 port 0, handed over unconnected).
        backlog: the listener's backlog (not used for "udp").
        limits: the server process's resource limits.
        sockopts: `(level, option, value)` triples set on the listener with
            setsockopt before it is handed over, e.g. a small SO_SNDBUF
            (on Linux accepted TCP sockets inherit their buffer sizes).

    Yields:
        A Server.

    Raises:
        What the server raised if it died before or while serving
        (ServerDied for a death during the block).
    """
    what = f"{getattr(server_fn, '__module__', '?').rsplit('.', 1)[-1]}." \
           f"{getattr(server_fn, '__qualname__', server_fn)}"
    with contextlib.ExitStack() as cleanup:
        if kind == "unix":
            address = os.path.join(cleanup.enter_context(short_temp_dir()), "server.sock")
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        else:
            listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if kind == "udp"
                                     else socket.SOCK_STREAM)
            address = ("127.0.0.1", 0)
        with listener:   # the sandbox holds its own copy
            listener.bind(address)
            address = listener.getsockname()
            for level, option, value in sockopts:
                listener.setsockopt(level, option, value)
            if kind != "udp":
                listener.listen(backlog)
            box = Sandbox(_serve_listener, (server_fn, listener, args), None, limits)
        cleanup.callback(box.close)
        _wait_ready(box, what)
        server = Server(box, address, what, kind)
        try:
            yield server
        except BaseException as exc:
            exc.add_note(NOTE_PREFIX + server.state())
            raise
        server.check_alive("during the check")
