"""One load generator for echo servers, shared by every benchmark.

N clients connect at once; each sends a message, waits for its whole echo,
checks it, and sends the next, M times (one message in flight per client,
so latency is the round trip and throughput is what the server sustains
for N concurrent conversations). The clients live in one process on one
``selectors`` loop (epoll on Linux), so the generator costs the same
whatever server it drives.

Usage from Python::

    result = run_load(("127.0.0.1", port), clients=100, messages=200)
    print(result.summary())

or from the command line against a server that is already running::

    python3 bench/echo_load.py 127.0.0.1 PORT [--clients 100] [--messages 200]
"""
from __future__ import annotations

import argparse
import selectors
import socket
import time
from dataclasses import dataclass

CHUNK = 65536


@dataclass
class LoadResult:
    clients: int
    messages: int            # echoes received and checked, in all
    seconds: float           # from the first send to the last echo
    latencies: list[float]   # seconds, one per message, sorted

    @property
    def rate(self) -> float:
        """Messages per second."""
        return self.messages / self.seconds if self.seconds > 0 else 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile of the round-trip latency, in seconds."""
        if not self.latencies:
            return float("nan")
        index = min(len(self.latencies) - 1, int(p / 100 * len(self.latencies)))
        return self.latencies[index]

    def summary(self) -> str:
        return (f"{self.messages} messages from {self.clients} clients in "
                f"{self.seconds:.2f} s: {self.rate:,.0f} msg/s, latency p50 "
                f"{self.percentile(50) * 1e3:.2f} ms, p99 "
                f"{self.percentile(99) * 1e3:.2f} ms")


class _Client:
    def __init__(self, index: int, sock: socket.socket, messages: int, size: int):
        self.index, self.sock, self.left = index, sock, messages
        self.size = size
        self.expected = b""
        self.received = bytearray()
        self.sent_at = 0.0

    def send_next(self) -> None:
        stamp = f"{self.index}:{self.left};".encode()
        self.expected = (stamp * (self.size // len(stamp) + 1))[:self.size]
        self.received.clear()
        self.sent_at = time.perf_counter()
        self.sock.sendall(self.expected)  # small: the socket buffer takes it at once


def run_load(address, clients: int = 100, messages: int = 200, size: int = 64,
             timeout: float = 60.0) -> LoadResult:
    """Drive an echo server at ``address``; raise TimeoutError after ``timeout`` s.

    Raises ``ConnectionError`` if the server closes a connection early and
    ``AssertionError`` if an echo differs from what was sent.
    """
    selector = selectors.DefaultSelector()
    conns: list[_Client] = []
    latencies: list[float] = []
    try:
        for i in range(clients):
            sock = socket.create_connection(address, timeout=timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conns.append(_Client(i, sock, messages, size))
        end = time.monotonic() + timeout
        started = time.perf_counter()
        for client in conns:
            client.sock.setblocking(False)
            selector.register(client.sock, selectors.EVENT_READ, client)
            client.send_next()
        active = len(conns)
        while active:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"the load did not finish within {timeout} s: "
                                   f"{len(latencies)} of {clients * messages} "
                                   "echoes received")
            for key, _ in selector.select(min(left, 1.0)):
                client = key.data
                try:
                    chunk = client.sock.recv(CHUNK)
                except BlockingIOError:
                    continue
                if not chunk:
                    raise ConnectionError(f"the server closed client {client.index}")
                client.received += chunk
                if len(client.received) < client.size:
                    continue
                now = time.perf_counter()
                assert client.received == client.expected, (
                    f"client {client.index} got a wrong echo")
                latencies.append(now - client.sent_at)
                client.left -= 1
                if client.left:
                    client.send_next()
                else:
                    selector.unregister(client.sock)
                    active -= 1
        seconds = time.perf_counter() - started
    finally:
        selector.close()
        for client in conns:
            client.sock.close()
    latencies.sort()
    return LoadResult(clients, len(latencies), seconds, latencies)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    result = run_load((args.host, args.port), args.clients, args.messages,
                      args.size, args.timeout)
    print(result.summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
