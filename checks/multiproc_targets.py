"""Worker functions for the multiproc checks, and the hub they report to.

Under the spawn and forkserver start methods a worker is a fresh interpreter
that imports its target by module name, so the targets live here, in a
module of their own on ``sys.path`` (pytest puts ``checks/`` there, and
multiprocessing hands its parent's ``sys.path`` to spawn and forkserver
children).

The ``Hub`` runs in a thread of the sandbox process that calls the code
under test. Workers connect to it over an abstract-namespace Unix socket (no
file to clean up): they report facts (``report``), or wait at a rendezvous
(``arrive``) that only completes when ``n`` workers are waiting at the same
time, which a serial implementation can never achieve. In "descending" mode
the hub releases the waiting workers one at a time, highest key first, each
only once the previous result has been unpickled in the parent (``Result``),
so results reach the parent in reverse input order, deterministically.
"""
import json
import os
import secrets
import selectors
import signal
import socket
import sys
import threading
import time

CONNECT_SECONDS = 60.0   # a worker's bound on talking to the hub (never reached)


class Boom(Exception):
    """The exception the checks' functions raise on purpose."""


# ------------------------------------------------------------ hub (parent side)

class Hub:
    """A rendezvous and report collector, in a thread of the calling process.

    Args:
        n: how many workers must wait at once for the rendezvous to complete.
        patience: seconds after the last arrival (or delivery) before the
            hub gives up waiting and releases everyone (with "no").
        release: "all" (every waiting worker at once) or "descending" (one
            at a time, highest key first, each after the previous result was
            delivered to the parent).
    """

    def __init__(self, n: int = 0, patience: float = 3.0, release: str = "all"):
        self.n, self.patience, self.mode = n, patience, release
        self.address = f"\0netlab-mp-{os.getpid()}-{secrets.token_hex(6)}"
        self.reports: list[dict] = []
        self.arrived: list[int] = []
        self.delivered: list[int] = []
        self.most_waiting = 0
        self.gave_up = False
        self._waiting: dict[int, socket.socket] = {}
        self._releasing = False
        self._last = time.monotonic()
        self._buffers: dict[socket.socket, bytes] = {}
        self._lock = threading.Lock()
        self._stopping = False
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(self.address)
        self._listener.listen(128)
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ)
        self._thread = threading.Thread(target=self._run, name="netlab-hub", daemon=True)
        self._thread.start()

    @property
    def together(self) -> bool:
        """Whether the rendezvous completed (n workers waited at once)."""
        return self.most_waiting >= self.n and not self.gave_up

    def close(self) -> None:
        """Stop the thread; waiting workers are released (they read EOF)."""
        self._stopping = True
        self._thread.join(5.0)
        for sock in list(self._buffers) + list(self._waiting.values()):
            sock.close()
        self._selector.close()
        self._listener.close()

    # -- the thread ------------------------------------------------------
    def _run(self) -> None:
        while not self._stopping:
            for key, _ in self._selector.select(0.05):
                if key.fileobj is self._listener:
                    conn, _ = self._listener.accept()
                    self._buffers[conn] = b""
                    self._selector.register(conn, selectors.EVENT_READ)
                else:
                    self._readable(key.fileobj)
            self._check_patience()

    def _readable(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(4096)
        except OSError:
            data = b""
        if not data:
            self._drop(conn)
            return
        self._buffers[conn] += data
        if b"\n" in self._buffers[conn]:
            line = self._buffers.pop(conn).split(b"\n", 1)[0].decode()
            self._selector.unregister(conn)
            verb, _, rest = line.partition(" ")
            with self._lock:
                self._handle(verb, rest, conn)

    def _drop(self, conn: socket.socket) -> None:
        self._buffers.pop(conn, None)
        self._selector.unregister(conn)
        conn.close()

    def _handle(self, verb: str, rest: str, conn: socket.socket) -> None:
        if verb == "report":
            self.reports.append(json.loads(rest))
            conn.close()
        elif verb == "delivered":
            self.delivered.append(int(rest))
            conn.close()
            self._last = time.monotonic()
            if self._releasing:
                self._release_next()
        elif verb == "arrive":
            key = int(rest)
            self.arrived.append(key)
            if self.gave_up:
                _reply(conn, b"no\n")
                return
            if self._releasing and self.mode == "all":
                _reply(conn, b"go\n")   # the rendezvous is over; nothing to wait for
                return
            self._waiting[key] = conn
            self.most_waiting = max(self.most_waiting, len(self._waiting))
            self._last = time.monotonic()
            if len(self._waiting) >= self.n:
                self._releasing = True
                if self.mode == "all":
                    for sock in self._waiting.values():
                        _reply(sock, b"go\n")
                    self._waiting.clear()
                else:
                    self._release_next()
        else:
            conn.close()

    def _release_next(self) -> None:
        if self._waiting:
            _reply(self._waiting.pop(max(self._waiting)), b"go\n")
            self._last = time.monotonic()

    def _check_patience(self) -> None:
        with self._lock:
            if not self._waiting or time.monotonic() - self._last < self.patience:
                return
            if self._releasing:     # a result never came back: go on anyway
                self._release_next()
                return
            self.gave_up = True
            for sock in self._waiting.values():
                _reply(sock, b"no\n")
            self._waiting.clear()


def _reply(sock: socket.socket, line: bytes) -> None:
    try:
        sock.sendall(line)
    except OSError:
        pass
    sock.close()


# ------------------------------------------------------------ worker side

def _talk(address: str, line: str, wait: bool) -> str:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(CONNECT_SECONDS)
        sock.connect(address)
        sock.sendall(line.encode() + b"\n")
        if not wait:
            return ""
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = sock.recv(16)
            if not chunk:
                break
            reply += chunk
        return reply.decode().strip()


def report(address: str, **facts) -> None:
    """Send facts (JSON-able) about the current process to the hub."""
    import multiprocessing
    facts.update(pid=os.getpid(), name=multiprocessing.current_process().name)
    _talk(address, "report " + json.dumps(facts), wait=False)


def arrive(address: str, key: int) -> bool:
    """Wait at the hub's rendezvous; True if released with "go"."""
    return _talk(address, f"arrive {key}", wait=True) == "go"


class Result:
    """A result that tells the hub when the parent unpickles it.

    Pickled in the worker, it unpickles in the receiving process as the plain
    value, after notifying the hub (``delivered <key>``).
    """

    def __init__(self, value, address: str, key: int):
        self.value, self.address, self.key = value, address, key

    def __reduce__(self):
        return (delivered, (self.value, self.address, self.key))


def delivered(value, address: str, key: int):
    """Unpickling a Result: tell the hub, then become the plain value."""
    try:
        _talk(address, f"delivered {key}", wait=False)
    except OSError:
        pass
    return value


# ------------------------------------------------------------ targets

def named_worker(address: str, index: int, how: str) -> None:
    """run_processes target: report name, pid, args; then end as `how` says."""
    report(address, index=index, how=how)
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif how.startswith("exit"):
        sys.exit(int(how[4:]))


def meet(address: str, key: int) -> None:
    """run_processes target: wait until all are there; exit 0 if they were."""
    if not arrive(address, key):
        sys.exit(3)


def square_in_turn(job: tuple[str, int]) -> "Result":
    """parallel_map target: wait for the hub's release, then return key²."""
    address, key = job
    arrive(address, key)
    return Result(key * key, address, key)


def square(x: int) -> int:
    return x * x


def boom_on_three(x: int) -> int:
    """Raises Boom for 3, else returns x * 10."""
    if x == 3:
        raise Boom(f"item {x} failed on purpose")
    return x * 10


def exit_on_two(x: int) -> int:
    """The worker process ends with os._exit(3) on item 2 (no result, no exception)."""
    if x == 2:
        os._exit(3)
    return x


def killed_on_two(x: int) -> int:
    """The worker process is killed by SIGKILL on item 2."""
    if x == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


def divide(a, b):
    return a / b


def raise_boom(text: str):
    raise Boom(text)


def exit_now(code: int):
    os._exit(code)


def kill_self():
    os.kill(os.getpid(), signal.SIGKILL)


def sleep_forever():
    while True:
        time.sleep(60)


def ignore_term_and_sleep():
    """Ignore SIGTERM (only SIGKILL ends this one), then sleep forever."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sleep_forever()
