"""CI quality gates: the stubs fail fast and cleanly, every mutant is caught,
and every check is failed by some mutant.

Strategy: each gate runs the real suite in pytest subprocesses with
--results-json and judges the results files, so it sees exactly what a
student or grader would. Mutants run two at a time (one per core), each in a
throw-away implementation folder holding solutions/<topic>.py followed by
the mutant's text.
"""
from __future__ import annotations

import ast
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import topics

ROOT = Path(__file__).resolve().parent.parent
STUB_SECONDS = 60.0      # the whole stub run must stay well under this
MUTANT_SECONDS = 300.0   # one mutant's run; a hang costs a timeout, not CI


def _pytest(args: list[str], timeout: float) -> tuple[int, float, str]:
    started = time.monotonic()
    # Bytecode caches on: without them every pytest start re-compiles and
    # assertion-rewrites Hypothesis (about 1 s per run, times every mutant).
    env = {k: v for k, v in os.environ.items()
           if k not in ("NETLAB_IMPL", "NETLAB_LANG", "PYTHONDONTWRITEBYTECODE")}
    try:
        # English: the gates read the outputs ("not implemented yet").
        done = subprocess.run([sys.executable, "-m", "pytest", "--lang", "en", *args],
                              cwd=ROOT,
                              env=env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        code, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:
        code, output = -1, f"timed out after {timeout:g} s\n{exc.stdout or ''}"
    return code, time.monotonic() - started, output


def checked_topics() -> list[str]:
    return [t.name for t in topics.TOPICS
            if (ROOT / "checks" / f"test_{t.name}.py").exists()]


def stubs_gate() -> bool:
    """Against exercises/: every check fails with 'not implemented', fast."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "stubs.json"
        code, seconds, output = _pytest(
            ["--impl", "exercises", "-q", "--timeout", "30",
             "--results-json", str(out)], STUB_SECONDS * 2)
        if not out.exists():
            print(output[-3000:])
            print(f"stubs gate: FAIL, no results (exit {code})")
            return False
        tests = json.loads(out.read_text())["tests"]
    bad = [t for t in tests
           if t["status"] != "failed" or "not implemented yet" not in t["output"]
           or "Timeout" in t["output"]]
    for t in bad[:20]:
        print(f"  {t['name']}: {t['status']}: {t['output'][:200]!r}")
    ok = not bad and code == 1 and seconds < STUB_SECONDS and tests
    print(f"stubs gate: {'ok' if ok else 'FAIL'}: {len(tests)} checks, "
          f"{len(tests) - len(bad)} fail with 'not implemented yet', "
          f"{seconds:.1f} s (limit {STUB_SECONDS:g} s)")
    return bool(ok)


def missing_translations(checks_dir: Path) -> list[str]:
    """'file:line test_x: lacks ...' for every check whose docstring lacks its
    English line and Hint or its Chinese description (中文:) and hint (提示:).

    Read statically (ast), so a broken topic cannot hide its checks."""
    problems = []
    for path in sorted(checks_dir.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in tree.body:
            if not (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                    and node.name.startswith("test")):
                continue
            doc = ast.get_docstring(node) or ""
            paragraphs = [p.strip() for p in doc.split("\n\n") if p.strip()]
            lacks = [label for label in ("Hint:", "中文:", "提示:")
                     if not any(p.startswith(label) for p in paragraphs)]
            if not paragraphs or paragraphs[0].startswith(("Hint:", "中文:", "提示:")):
                lacks.insert(0, "an English first line")
            if lacks:
                problems.append(f"{path.relative_to(checks_dir.parent)}:{node.lineno} "
                                f"{node.name}: lacks {', '.join(lacks)}")
    return problems


def translations_gate(root: Path = ROOT) -> bool:
    """Every check has its description and hint in English and Chinese."""
    problems = missing_translations(root / "checks")
    for line in problems[:40]:
        print("  " + line)
    if len(problems) > 40:
        print(f"  ... and {len(problems) - 40} more")
    print(f"translations gate: {'ok' if not problems else 'FAIL'}: "
          f"{len(problems)} checks lack a part")
    return not problems


@dataclass
class MutantResult:
    topic: str
    slug: str
    caught_by: list[str]
    seconds: float
    problem: str = ""


def run_mutant(topic: str, path: Path, full: bool = False) -> MutantResult:
    """Run `topic`'s checks against the reference plus one mutant; by default
    stop at the first failing check (-x), with `full` run them all."""
    folder = Path(tempfile.mkdtemp(prefix=f"netlab-mutant-{topic}-"))
    try:
        # Every reference module, so a topic that imports another one
        # (cli uses tcp, http_server uses http_messages) still imports.
        for module in (ROOT / "solutions").glob("*.py"):
            shutil.copy(module, folder / module.name)
        reference = (ROOT / "solutions" / f"{topic}.py").read_text()
        (folder / f"{topic}.py").write_text(
            reference + f"\n\n# ---- mutant {path.name} ----\n" + path.read_text())
        out = folder / "results.json"
        code, seconds, output = _pytest(
            [f"--impl={folder}", "--topic", topic, "-q", "-n", "0",
             *([] if full else ["-x"]), "--results-json", str(out)], MUTANT_SECONDS)
        caught, problem = [], ""
        if out.exists():
            tests = json.loads(out.read_text())["tests"]
            caught = [t["name"].split("::")[-1] for t in tests
                      if t["status"] == "failed"]
        if code not in (0, 1):
            problem = f"pytest exit {code}: {output[-500:]}"
        return MutantResult(topic, path.stem, caught, seconds, problem)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def mutants_gate(only: list[str] | None = None, jobs: int = 2, full: bool = False) -> bool:
    """Every mutant is caught; every required bug of CURRICULUM.md has one."""
    ok = True
    work = []
    for name in checked_topics():
        if only and name not in only:
            continue
        folder = ROOT / "mutants" / name
        present = {p.stem: p for p in sorted(folder.glob("*.py"))}
        missing = [slug for slug in topics.BY_NAME[name].bugs if slug not in present]
        if missing:
            ok = False
            print(f"{name}: no mutant for required bugs: {', '.join(missing)}")
        if not present:
            ok = False
            print(f"{name}: has checks but no mutants in {folder}")
        work += [(name, p) for p in present.values()]
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(lambda w: run_mutant(*w, full=full), work))
    for r in results:
        status = "caught" if r.caught_by and not r.problem else "NOT CAUGHT"
        ok &= status == "caught"
        first = ", ".join(r.caught_by[:3]) + (" ..." if len(r.caught_by) > 3 else "")
        print(f"  {status:10} {r.topic}/{r.slug} ({r.seconds:.1f} s) "
              f"by {len(r.caught_by)}: {first} {r.problem}")
    caught = sum(bool(r.caught_by) and not r.problem for r in results)
    # With --full every mutant runs every check, so a check that no mutant
    # fails shows up; the quick run (CI) stops each mutant at its first failure.
    idle = _checks_no_mutant_fails(results, {name for name, _ in work}) if full else []
    for name in idle:
        print(f"  NO MUTANT FAILS {name}: write the bug it exists to catch")
    ok &= not idle
    print(f"mutants gate: {'ok' if ok else 'FAIL'}: {caught}/{len(results)} caught"
          + (f"; {len(idle)} checks failed by no mutant" if full else
             " (each stopped at its first failing check; --full maps them all)"))
    return ok


def _checks_no_mutant_fails(results: list[MutantResult], names: set[str]) -> list[str]:
    """Checks of these topics that no mutant fails: they cannot be shown to work."""
    failed = {(r.topic, check) for r in results for check in r.caught_by}
    idle = []
    for name in sorted(names, key=topics.ORDER.get):
        code, _, output = _pytest(["--impl", "solutions", "--topic", name,
                                   "--collect-only", "-q"], 120)
        for line in output.splitlines():
            if line.startswith("checks/") and "::" in line:
                if (name, line.split("::", 1)[1]) not in failed:
                    idle.append(line)
    return idle
