"""Benchmark: serve_poll and serve_select against an asyncio streams echo server.

Every server runs in a forked child process on 127.0.0.1 port 0 and is
driven by the same load generator (bench/echo_load.py) in this process:
``--clients`` concurrent clients, each sending ``--messages`` messages of
``--size`` bytes and waiting for each echo. The servers take turns, round
after round, so a change in the machine's load hits them all alike; the
report gives each server's median over the rounds: messages per second,
p99 latency, and the server's own CPU time per message (from the child's
rusage, which does not depend on the generator). Then the ratios against
asyncio. Bounded: every run has a timeout, every child is killed and
reaped.

    python3 bench/bench_echo.py                   # the reference solutions
    python3 bench/bench_echo.py --impl exercises  # your implementation
    python3 bench/bench_echo.py --impl path/to/folder --rounds 5
"""
from __future__ import annotations

import argparse
import importlib
import os
import signal
import socket
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from asyncio_echo import serve_asyncio  # noqa: E402
from echo_load import run_load  # noqa: E402
from harness import impl  # noqa: E402


def load_multiplexing(name: str):
    """The multiplexing module of an implementation folder ('solutions', 'exercises' or a path)."""
    folder = ROOT / name if (ROOT / name).is_dir() and "/" not in name else Path(name)
    folder = folder.resolve()
    if not (folder / "multiplexing.py").exists():
        raise SystemExit(f"no multiplexing.py in {folder}")
    impl.configure(folder, allow_reference=True)  # importable as netlab_impl
    return importlib.import_module(f"{impl.ALIAS}.multiplexing")


def _serve_in_child(server_fn, listener: socket.socket) -> int:
    pid = os.fork()
    if pid == 0:  # the child serves until it is killed
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            server_fn(listener)
        except BaseException as exc:  # noqa: BLE001 - reported, then exit
            print(f"server {server_fn.__name__} failed: {exc!r}", file=sys.stderr)
        finally:
            os._exit(code)
    return pid


def run_one(server_fn, clients: int, messages: int, size: int, timeout: float) -> dict:
    """One server, one load run: rate, p99 and server CPU per message."""
    with socket.create_server(("127.0.0.1", 0), backlog=clients + 64) as listener:
        address = listener.getsockname()
        pid = _serve_in_child(server_fn, listener)
    try:
        result = run_load(address, clients, messages, size, timeout)
    finally:
        os.kill(pid, signal.SIGKILL)
        _, _, usage = os.wait4(pid, 0)
    cpu = usage.ru_utime + usage.ru_stime
    return {"rate": result.rate, "p99": result.percentile(99),
            "p50": result.percentile(50), "cpu_us": cpu / result.messages * 1e6}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--impl", default="solutions",
                        help="solutions (default), exercises, or a folder with multiplexing.py")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--messages", type=int, default=500, help="per client")
    parser.add_argument("--size", type=int, default=64, help="bytes per message (<= 4096)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    args = parser.parse_args(argv)
    if not 1 <= args.size <= 4096 or args.clients < 1 or args.messages < 1 or args.rounds < 1:
        parser.error("need 1 <= size <= 4096 and positive clients, messages, rounds")

    mx = load_multiplexing(args.impl)
    servers = {"serve_poll": mx.serve_poll, "serve_select": mx.serve_select,
               "asyncio": serve_asyncio}
    print(f"{args.clients} clients x {args.messages} messages of {args.size} "
          f"bytes, {args.rounds} round(s); implementation: {args.impl}")
    runs: dict[str, list[dict]] = {name: [] for name in servers}
    try:
        for rnd in range(args.rounds):
            for name, fn in servers.items():
                try:
                    r = run_one(fn, args.clients, args.messages, args.size, args.timeout)
                except (OSError, AssertionError) as exc:  # TimeoutError is an OSError
                    print(f"  {name} failed under load: {exc!r}", file=sys.stderr)
                    return 1
                runs[name].append(r)
                print(f"  round {rnd + 1} {name:13} {r['rate']:>10,.0f} msg/s  "
                      f"p99 {r['p99'] * 1e3:7.2f} ms  server CPU "
                      f"{r['cpu_us']:6.1f} us/msg", flush=True)
    finally:
        impl.unconfigure()

    median = {name: {key: statistics.median(r[key] for r in rs) for key in rs[0]}
              for name, rs in runs.items()}
    base = median["asyncio"]
    print("\nmedians               msg/s     p99 ms   CPU us/msg   vs asyncio: "
          "throughput  p99  CPU/msg")
    for name, m in median.items():
        print(f"  {name:13} {m['rate']:>10,.0f}  {m['p99'] * 1e3:8.2f}  "
              f"{m['cpu_us']:10.1f}   {m['rate'] / base['rate']:19.2f}x "
              f"{m['p99'] / base['p99']:4.2f}x {m['cpu_us'] / base['cpu_us']:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
