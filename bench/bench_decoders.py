"""Benchmark: throughput and growth of the stream decoders (FrameDecoder, RequestReader).

Both decoders are fed the bytes of a connection in chunks, as `recv` returns
them. This measures, in one process:

- throughput: MB/s of input, and frames or requests per second, from the
  process's CPU time (other load on a shared machine barely moves it);
- growth: the same scenario at 1x, 2x, 4x and 8x the input, with the time
  ratios t(k) / t(1) and the exponent e of t ~ n^e from the 8x ratio. A
  linear decoder shows ratios close to 1, 2, 4, 8 (e near 1; "linear" below
  1.3); a decoder that re-slices or re-scans its buffer once per message (or
  concatenates bytes objects for every chunk) shows 4, 16, 64 (e near 2).

Scenarios (each a decoder fed one stream, checked for the right number of
messages so that a broken decoder is not "fast"):

- FrameDecoder, 16-byte frames in one feed: many messages per call (粘包).
- FrameDecoder, one large frame in 4 KiB chunks: a body growing in pieces.
- RequestReader, small pipelined requests in one feed (GET, POST with
  Content-Length, chunked POST): many requests per call.
- RequestReader, the same stream in 4 KiB chunks.
- RequestReader, one POST body in 4 KiB chunks (Content-Length).
- RequestReader, a chunked body of 1 KiB chunks in 4 KiB feeds.

Each measurement is the best of --repeat runs (the machine may be shared);
a run longer than --budget seconds stops that scenario ("too slow") instead
of hanging. Not a test: nothing here fails a build.

Usage:
    python3 bench/bench_decoders.py [--impl solutions|exercises|PATH]
        [--repeat 3] [--size 1.0] [--budget 20] [--only framing|http_messages]

`--impl` names the implementation folder (default: solutions); a student
benches their own decoders with `--impl exercises`. The folder is imported
as the package `netlab_impl`, as the checks do (harness.impl.configure).
"""
from __future__ import annotations

import argparse
import gc
import importlib
import math
import platform
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from harness import impl as harness_impl  # noqa: E402

SCALES = (1, 2, 4, 8)
RECV = 4096  # a typical recv size
KIB = 1024


class TooSlow(Exception):
    """A run went past the time budget."""


@dataclass
class Workload:
    """One input of a scenario: a factory for a fresh decoder, the chunks, what to expect."""
    make: Callable[[], object]
    chunks: list
    nbytes: int
    items: int


@dataclass
class Scenario:
    module: str        # topic module the decoder comes from
    name: str          # what is fed, and how
    unit: str          # "frames" or "requests"
    build: Callable    # (module, size in bytes) -> Workload
    base_kib: int      # the input at 1x (times --size); 8x stays within a 2 MiB L2
                       # cache for the one-message scenarios, so the growth shows
                       # the algorithm, not the cache


def _in_chunks(data: bytes, size: int) -> list:
    view = memoryview(data)
    return [view[i:i + size] for i in range(0, len(data), size)]


# ----------------------------------------------------------- framing inputs

def _frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(4, "big") + payload


def small_frames(mod, size):
    one = _frame(bytes(range(16)))
    count = max(1, size // len(one))
    return Workload(mod.FrameDecoder, [one * count], len(one) * count, count)


def big_frame(mod, size):
    data = _frame(bytes(size))
    return Workload(lambda: mod.FrameDecoder(max_frame=size), _in_chunks(data, RECV),
                    len(data), 1)


# ------------------------------------------------------------- http inputs

_GET = (b"GET /index.html?page=2 HTTP/1.1\r\nHost: bench.example\r\n"
        b"User-Agent: netlab-bench/1.0\r\nAccept: text/html,*/*;q=0.8\r\n"
        b"Accept-Language: en, zh;q=0.9\r\nConnection: keep-alive\r\n\r\n")
_POST = (b"POST /form HTTP/1.1\r\nHost: bench.example\r\n"
         b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 64\r\n\r\n"
         + b"name=netlab&topic=http_messages&note=" + b"x" * 27)
_CHUNKED = (b"POST /upload HTTP/1.1\r\nHost: bench.example\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"10;part=1\r\n0123456789abcdef\r\n10\r\nfedcba9876543210\r\n0\r\n"
            b"X-Checksum: 42\r\n\r\n")
_MIX = _GET + _POST + _GET + _CHUNKED


def _pipelined(size):
    count = max(1, size // len(_MIX))
    return _MIX * count, 4 * count


def pipelined_one_feed(mod, size):
    data, count = _pipelined(size)
    return Workload(mod.RequestReader, [data], len(data), count)


def pipelined_recv_chunks(mod, size):
    data, count = _pipelined(size)
    return Workload(mod.RequestReader, _in_chunks(data, RECV), len(data), count)


def big_body(mod, size):
    data = (b"PUT /blob HTTP/1.1\r\nHost: bench.example\r\nContent-Length: %d\r\n\r\n" % size
            + bytes(size))
    return Workload(lambda: mod.RequestReader(max_body=size), _in_chunks(data, RECV),
                    len(data), 1)


def chunked_body(mod, size):
    piece = b"400\r\n" + bytes(KIB) + b"\r\n"
    count = max(1, size // KIB)
    data = (b"POST /stream HTTP/1.1\r\nHost: bench.example\r\nTransfer-Encoding: chunked\r\n\r\n"
            + piece * count + b"0\r\n\r\n")
    return Workload(lambda: mod.RequestReader(max_body=count * KIB), _in_chunks(data, RECV),
                    len(data), 1)


SCENARIOS = [
    Scenario("framing", "FrameDecoder: 16-byte frames, one feed", "frames", small_frames, 512),
    Scenario("framing", "FrameDecoder: one frame, 4 KiB feeds", "frames", big_frame, 128),
    Scenario("http_messages", "RequestReader: pipelined requests, one feed", "requests",
             pipelined_one_feed, 512),
    Scenario("http_messages", "RequestReader: pipelined requests, 4 KiB feeds", "requests",
             pipelined_recv_chunks, 512),
    Scenario("http_messages", "RequestReader: one body, 4 KiB feeds", "requests", big_body, 128),
    Scenario("http_messages", "RequestReader: chunked body, 4 KiB feeds", "requests",
             chunked_body, 128),
]


# --------------------------------------------------------------- measuring

def _alarm(signum, frame):
    raise TooSlow()


def run_once(work: Workload, budget: float) -> float:
    """Feed every chunk to a fresh decoder; the CPU seconds it took.

    CPU time of this process (time.process_time), not wall time: other load
    on a shared machine then barely moves the figures. The budget is wall time.
    """
    decoder = work.make()
    got = 0
    gc.collect()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        start = time.process_time()
        for chunk in work.chunks:
            got += len(decoder.feed(chunk))
        seconds = time.process_time() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if got != work.items:
        raise AssertionError(f"returned {got} messages, expected {work.items}")
    return seconds


def measure(work: Workload, budget: float, at_least: float = 0.02) -> float:
    """CPU seconds of one run, averaged over enough runs to last at_least seconds."""
    total, runs = 0.0, 0
    while runs == 0 or total < at_least:
        total += run_once(work, budget)
        runs += 1
    return total / runs


def bench(scenario: Scenario, mod, size: float, repeat: int, budget: float) -> list[str]:
    lines = [scenario.name]
    first = None
    for scale in SCALES:
        work = scenario.build(mod, int(scenario.base_kib * KIB * size) * scale)
        try:
            best = min(measure(work, budget) for _ in range(repeat))
        except TooSlow:
            lines.append(f"  {scale}x: stopped after {budget:g} s (too slow: quadratic?)")
            break
        except NotImplementedError:
            lines.append("  not implemented yet")
            break
        except Exception as exc:  # a broken decoder: say so, go on with the next scenario
            lines.append(f"  {scale}x: {type(exc).__name__}: {exc}")
            break
        first = first or best
        mb = work.nbytes / 1e6
        lines.append(
            f"  {scale}x {work.nbytes / 2**20:6.2f} MiB  {best:8.4f} s  {mb / best:8.1f} MB/s  "
            f"{work.items / best:12,.0f} {scenario.unit}/s  t/t(1x) = {best / first:5.2f}")
        del work
    else:
        growth = best / first
        exponent = math.log2(growth) / 3  # t ~ n**exponent: 1 linear, 2 quadratic
        verdict = "linear" if exponent < 1.3 else "SUPERLINEAR (quadratic?)"
        lines.append(f"  8x the input took {growth:.1f}x the time "
                     f"(t ~ n^{exponent:.2f}): {verdict}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default="solutions",
                        help="solutions (default), exercises, or a folder of topic modules")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    parser.add_argument("--size", type=float, default=1.0,
                        help="multiply every scenario's input by this (default 1)")
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds one run may take before the scenario stops")
    parser.add_argument("--only", choices=("framing", "http_messages"))
    args = parser.parse_args(argv)

    folder = ROOT / args.impl if args.impl in ("solutions", "exercises") else Path(args.impl)
    folder = folder.resolve()
    if not folder.is_dir():
        parser.error(f"--impl {args.impl}: no such folder {folder}")
    harness_impl.configure(folder, allow_reference=True)
    try:
        print(f"netlab decoder benchmark: {folder}, Python {platform.python_version()}, "
              f"CPU time per run, best of {args.repeat}")
        for scenario in SCENARIOS:
            if args.only and scenario.module != args.only:
                continue
            try:
                mod = importlib.import_module(f"{harness_impl.ALIAS}.{scenario.module}")
            except Exception as exc:
                print(f"{scenario.name}\n  cannot import {scenario.module}: "
                      f"{type(exc).__name__}: {exc}")
                continue
            print("\n".join(bench(scenario, mod, args.size, args.repeat, args.budget)))
    finally:
        harness_impl.unconfigure()
    return 0


if __name__ == "__main__":
    sys.exit(main())
