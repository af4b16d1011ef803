"""Benchmark: serve_http against the standard library's ThreadingHTTPServer.

Both servers serve the same small static site (the sizes of a typical page
and its assets) to the same load generator (bench/http_load.py), with and
without keep-alive, in one run. Rounds alternate between the servers and
the median round counts, since a shared machine is noisy. It prints
requests per second, the server's CPU time per request (user + system,
from psutil: less sensitive to other load on the machine), and the ratios
serve_http / ThreadingHTTPServer.

The standard library server is set up at its best: HTTP/1.1 (keep-alive),
Nagle's algorithm off (it sends the head and the body in two writes, and
Nagle plus delayed ACKs would otherwise cost 40 ms per keep-alive request),
a listen backlog of 128 like serve_http's, and no log line per request.

Usage:
    python3 bench/bench_http.py [--impl solutions|exercises|PATH]
        [--clients 16] [--seconds 2] [--rounds 3]

`--impl` names the implementation folder to bench (default: solutions);
a student benches their own server with `--impl exercises`.
"""
from __future__ import annotations

import argparse
import atexit
import functools
import http.server
import importlib
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import sys
import tempfile
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from http_load import run_load  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ALIAS = "netlab_bench_impl"
SITE = {  # path -> size in bytes
    "index.html": 2_000,
    "style.css": 6_000,
    "app.js": 12_000,
    "logo.png": 9_000,
    "about/index.html": 3_000,
}
PATHS = ["/", "/style.css", "/app.js", "/logo.png", "/about/", "/index.html"]


def make_site(folder: Path) -> None:
    rng = random.Random(1)
    for name, size in SITE.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rng.randbytes(size))


def load_impl(spec: str):
    """The http_server module of an implementation folder, imported as a package."""
    folder = ROOT / spec if spec in ("solutions", "exercises") else Path(spec).resolve()
    if not (folder / "http_server.py").is_file():
        raise SystemExit(f"--impl {spec}: no http_server.py in {folder}")
    link_dir = tempfile.mkdtemp(prefix="netlab-bench-")
    os.symlink(folder, os.path.join(link_dir, ALIAS))
    atexit.register(shutil.rmtree, link_dir, True)
    sys.path.insert(0, link_dir)
    return importlib.import_module(f"{ALIAS}.http_server"), folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"     # keep-alive
    disable_nagle_algorithm = True    # head and body are two writes

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # clients leaving at the end of a round: no traceback (serve_http prints none)


def _run_stdlib(listener, root: str) -> None:
    handler = functools.partial(_QuietHandler, directory=root)
    server = _Server(listener.getsockname(), handler, bind_and_activate=False)
    server.socket.close()
    server.socket = listener
    server.serve_forever()


def start(serve, *args):
    """Run `serve(listener, *args)` in a forked process: (process, address)."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    address = listener.getsockname()
    process = multiprocessing.get_context("fork").Process(
        target=serve, args=(listener, *args), daemon=True)
    process.start()
    listener.close()  # the child has its own copy
    try:  # one request, answered, before the clock starts
        with socket.create_connection(address, timeout=5.0) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            answered = sock.recv(1) == b"H"
    except OSError:
        answered = False
    if not answered:
        process.join(1.0)
        raise SystemExit(f"the server of {getattr(serve, '__qualname__', serve)} does not "
                         f"answer (exit code {process.exitcode}); see its traceback above")
    return process, address


def measure(process, address, keep_alive: bool, clients: int, seconds: float,
            procs: int):
    """(requests/s, server CPU microseconds per request) of one round."""
    server = psutil.Process(process.pid)
    before = server.cpu_times()
    result = run_load(address, PATHS, clients, seconds, keep_alive, procs)
    after = server.cpu_times()
    if result.errors or not result.requests:
        print(f"  warning: {result.errors} errors, {result.requests} responses")
    cpu = (after.user + after.system) - (before.user + before.system)
    return result.rps, cpu / max(result.requests, 1) * 1e6


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default="solutions")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--procs", type=int, default=1,
                        help="load generator processes (default 1)")
    args = parser.parse_args(argv)
    module, folder = load_impl(args.impl)
    with tempfile.TemporaryDirectory() as tmp:
        make_site(Path(tmp))
        servers = {
            "serve_http": start(module.serve_http, tmp),
            "ThreadingHTTPServer": start(_run_stdlib, tmp),
        }
        try:
            results = {}
            for keep_alive in (True, False):
                for name, (process, address) in servers.items():  # warm up
                    run_load(address, PATHS, args.clients, 0.2, keep_alive)
                for _ in range(args.rounds):
                    for name, (process, address) in servers.items():
                        if not process.is_alive():
                            raise SystemExit(f"{name} died (exit code {process.exitcode})")
                        results.setdefault((name, keep_alive), []).append(
                            measure(process, address, keep_alive, args.clients, args.seconds,
                                    args.procs))
        finally:
            for process, _address in servers.values():
                process.kill()
                process.join()
    print(f"serve_http from {folder}; {args.clients} clients, {args.rounds} rounds "
          f"of {args.seconds:g} s, median round; {len(PATHS)} paths, files "
          f"{min(SITE.values()) // 1000}-{max(SITE.values()) // 1000} kB")
    print(f"{'server':22}{'connections':>14}{'requests/s':>12}{'CPU us/req':>12}")
    median = {key: (statistics.median(r for r, _ in rounds),
                    statistics.median(c for _, c in rounds))
              for key, rounds in results.items()}
    for (name, keep_alive), (rps, cpu) in median.items():
        mode = "keep-alive" if keep_alive else "close"
        print(f"{name:22}{mode:>14}{rps:>12,.0f}{cpu:>12.0f}")
    for keep_alive in (True, False):
        mine, std = median[("serve_http", keep_alive)], median[("ThreadingHTTPServer", keep_alive)]
        mode = "keep-alive" if keep_alive else "close"
        print(f"ratio serve_http / ThreadingHTTPServer, {mode}: "
              f"{mine[0] / std[0]:.2f}x requests/s, {std[1] / mine[1]:.2f}x less CPU per request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
