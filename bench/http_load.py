"""A small HTTP/1.1 load generator over raw sockets (netlab bench, not a test).

N clients run at once, each asking for the next path of a list again and
again for a fixed time, and the result is the number of complete, correct
responses per second. With keep-alive each client keeps one connection and
sends its next request when the previous response is complete; without, it
sends `Connection: close`, reads the response to the server's close, and
connects again. Responses are checked (status 200, body length as
announced by Content-Length); anything else counts as an error and the
client reconnects.

The clients are driven by one `selectors` loop per worker process
(IO多路复用 on the client side too), so a single Python process can keep
dozens of connections busy; `procs` spreads them over several processes.

Usage:
    python3 bench/http_load.py http://127.0.0.1:8000/index.html [URL ...]
        [--clients 16] [--seconds 3] [--no-keep-alive] [--procs 1]

All URLs must name the same host and port. As a library:
`run_load(address, paths, clients=16, seconds=3.0, keep_alive=True)`.
"""
from __future__ import annotations

import argparse
import multiprocessing
import re
import selectors
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

_STATUS = re.compile(rb"HTTP/1\.[01] (\d{3}) ")
_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n", re.IGNORECASE)


@dataclass
class Result:
    requests: int       # complete, correct responses
    errors: int         # bad status, bad framing, refused or reset connections
    seconds: float      # measured wall time

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def __add__(self, other: "Result") -> "Result":
        return Result(self.requests + other.requests, self.errors + other.errors,
                      max(self.seconds, other.seconds))


class _Client:
    """One simulated client: a connection, a request in flight, its response so far."""

    def __init__(self, address, requests: list[bytes], first: int, keep_alive: bool):
        self.address = address
        self.requests = requests
        self.next = first % len(requests)
        self.keep_alive = keep_alive
        self.sock = None
        self.buf = bytearray()
        self.need = None    # total response length, once the head is complete

    def connect(self, selector) -> None:
        self.sock = socket.create_connection(self.address)
        self.sock.setblocking(False)
        selector.register(self.sock, selectors.EVENT_READ, self)
        self.send_request()

    def send_request(self) -> None:
        request = self.requests[self.next]
        self.next = (self.next + 1) % len(self.requests)
        self.buf.clear()
        self.need = None
        self.sock.send(request)  # a few dozen bytes: an empty send buffer takes them

    def close(self, selector) -> None:
        selector.unregister(self.sock)
        self.sock.close()
        self.sock = None

    def on_readable(self, selector) -> tuple[int, int]:
        """Read what arrived; (responses completed, errors) by this event."""
        try:
            data = self.sock.recv(262144)
        except BlockingIOError:
            return 0, 0
        except OSError:
            data = None
        if not data:  # EOF (or reset)
            complete = self.need is not None and len(self.buf) == self.need
            good = complete and not self.keep_alive
            self.close(selector)
            self.connect(selector)
            return (1, 0) if good else (0, 1)
        self.buf += data
        if self.need is None:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return 0, 0
            head = bytes(self.buf[:end + 2])
            status, length = _STATUS.match(head), _LENGTH.search(head)
            if not status or status.group(1) != b"200" or not length:
                self.close(selector)
                self.connect(selector)
                return 0, 1
            self.need = end + 4 + int(length.group(1))
        if len(self.buf) < self.need:
            return 0, 0
        if len(self.buf) > self.need:  # bytes we never asked for
            self.close(selector)
            self.connect(selector)
            return 0, 1
        if self.keep_alive:
            self.send_request()
            return 1, 0
        return 0, 0  # complete; counted at the server's close


def _request_bytes(host: str, path: str, keep_alive: bool) -> bytes:
    connection = "keep-alive" if keep_alive else "close"
    return (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: netlab-load\r\n"
            f"Connection: {connection}\r\n\r\n").encode("latin-1")


def _worker(address, paths, clients, first, seconds, keep_alive) -> Result:
    host = f"{address[0]}:{address[1]}"
    requests = [_request_bytes(host, p, keep_alive) for p in paths]
    selector = selectors.DefaultSelector()
    started = time.perf_counter()
    pool = [_Client(address, requests, first + i, keep_alive) for i in range(clients)]
    for client in pool:
        client.connect(selector)
    done = errors = 0
    end = started + seconds
    while (now := time.perf_counter()) < end:
        for key, _events in selector.select(end - now):
            ok, bad = key.data.on_readable(selector)
            done += ok
            errors += bad
    elapsed = time.perf_counter() - started
    for client in pool:
        client.close(selector)
    selector.close()
    return Result(done, errors, elapsed)


def _worker_star(args) -> Result:
    return _worker(*args)


def run_load(address, paths, clients: int = 16, seconds: float = 3.0,
             keep_alive: bool = True, procs: int = 1) -> Result:
    """Load the server at `address` with `clients` concurrent clients for `seconds`.

    Args:
        address: (host, port) of the server.
        paths: the request targets, asked for in turn ("/index.html", ...).
        clients: concurrent clients (connections), spread over `procs`.
        seconds: how long to run.
        keep_alive: one connection per client for all its requests, or one
            connection per request (`Connection: close`).
        procs: worker processes (1 runs in this process).

    Returns:
        A Result (requests, errors, seconds, rps).
    """
    if procs <= 1:
        return _worker(address, list(paths), clients, 0, seconds, keep_alive)
    shares = [clients // procs + (i < clients % procs) for i in range(procs)]
    jobs = [(address, list(paths), n, sum(shares[:i]), seconds, keep_alive)
            for i, n in enumerate(shares) if n]
    with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
        results = pool.map(_worker_star, jobs)
    total = results[0]
    for result in results[1:]:
        total = total + result
    return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+", metavar="URL")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--no-keep-alive", dest="keep_alive", action="store_false")
    args = parser.parse_args(argv)
    parts = [urlsplit(url) for url in args.urls]
    if len({(p.hostname, p.port) for p in parts}) != 1:
        parser.error("all URLs must name the same host and port")
    address = (parts[0].hostname, parts[0].port or 80)
    paths = [(p.path or "/") + (f"?{p.query}" if p.query else "") for p in parts]
    result = run_load(address, paths, args.clients, args.seconds,
                      args.keep_alive, args.procs)
    mode = "keep-alive" if args.keep_alive else "one connection per request"
    print(f"{result.rps:,.0f} requests/s ({result.requests} in {result.seconds:.2f} s, "
          f"{args.clients} clients, {mode}, {result.errors} errors)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
