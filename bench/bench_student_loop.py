"""How long a student waits: `pytest` on fresh stubs, `pytest --topic X`, and
what one check costs, against the stubs and against the reference.

    python3 bench/bench_student_loop.py [--rounds 3] [--impl exercises]

Each figure is the median of the rounds, wall time of a whole pytest process
(start-up included), serial, as a student types it. The per-check cost is
(run - collection only) / checks, so start-up and collection are left out.
Targets (issue 8): fresh stubs of every topic <= 10 s; --topic X <= 3 s.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import gates, topics  # noqa: E402


def run(*args: str) -> tuple[float, int]:
    """Wall seconds of one pytest run, and how many checks it ran."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.json"
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                        "-q", f"--results-json={out}", *args], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - start
        count = len(json.loads(out.read_text())["tests"]) if out.exists() else 0
    return seconds, count


def median_run(rounds: int, *args: str) -> tuple[float, int]:
    results = [run(*args) for _ in range(rounds)]
    return statistics.median(r[0] for r in results), results[0][1]


def collect_only(rounds: int, *args: str) -> float:
    times = []
    for _ in range(rounds):
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                        "--collect-only", "-q", *args], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.monotonic() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--impl", default="exercises")
    args = parser.parse_args()
    impl = f"--impl={args.impl}"
    present = gates.checked_topics()
    print(f"{len(present)} topics with checks; {args.rounds} rounds each, median\n")

    collect = collect_only(args.rounds, impl)
    stubs, n = median_run(args.rounds, impl)
    per_stub = (stubs - collect) / max(n, 1) * 1000
    print(f"pytest against {args.impl}: {stubs:.2f} s for {n} checks "
          f"(target <= 10 s); collection alone {collect:.2f} s; "
          f"{per_stub:.2f} ms per check")
    reference, m = median_run(args.rounds, "--impl=solutions")
    per_ref = (reference - collect) / max(m, 1) * 1000
    print(f"pytest against solutions: {reference:.2f} s for {m} checks; "
          f"{per_ref:.2f} ms per check (a failing stub check costs "
          f"{per_stub / per_ref:.2f}x a passing one)\n")
    print(f"{'topic':<16}{'--topic X':>11}")
    worst = 0.0
    for name in (t.name for t in topics.TOPICS if t.name in present):
        seconds, _ = median_run(args.rounds, impl, "--topic", name)
        worst = max(worst, seconds)
        print(f"{name:<16}{seconds:>10.2f}s")
    print(f"\nslowest --topic X: {worst:.2f} s (target <= 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
