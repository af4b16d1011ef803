"""CI quality gates: the stubs fail fast and cleanly, every mutant is caught,
every check is failed by some mutant, and student mode and sealed mode agree.

Strategy: each gate runs the real suite in pytest subprocesses with
--results-json and judges the results files, so it sees exactly what a
student or grader would. Mutants run two at a time (one per core), each in a
throw-away implementation folder holding solutions/<topic>.py followed by
the mutant's text. The parity gate runs the same implementation twice, once
plain and once --sealed, and compares every check's outcome.
"""
from __future__ import annotations

import ast
import concurrent.futures
import contextlib
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
    with mutant_folder(topic, path) as folder:
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


@contextlib.contextmanager
def mutant_folder(topic: str, path: Path):
    """A throw-away implementation folder: every reference module, with the
    mutant's text appended to the topic's one."""
    folder = Path(tempfile.mkdtemp(prefix=f"netlab-mutant-{topic}-"))
    try:
        # Every reference module, so a topic that imports another one
        # (cli uses tcp, http_server uses http_messages) still imports.
        for module in (ROOT / "solutions").glob("*.py"):
            shutil.copy(module, folder / module.name)
        reference = (ROOT / "solutions" / f"{topic}.py").read_text()
        mutant = f"\n\n# ---- mutant {path.name} ----\n" + path.read_text() + "\n"
        # Before a `__main__` block (cli), so `python -m` runs the mutant.
        head, main, tail = reference.partition('\nif __name__ == "__main__":')
        (folder / f"{topic}.py").write_text(head + mutant + main + tail)
        yield folder
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


# -- parity: the same submission gets the same outcome sealed and not --------------

PARITY_SECONDS = 300.0   # one topic's run in one mode
MODES = ("student", "sealed")


@dataclass
class ParityRun:
    """One implementation of one topic, run in both modes."""
    topic: str
    label: str                                   # solutions | stubs | mutant <slug>
    outcomes: dict[str, dict[str, tuple[str, str]]]   # mode -> check -> (outcome, output)
    seconds: dict[str, float]
    problems: list[str]

    def differences(self) -> list[str]:
        """The checks whose outcome is not the same in both modes."""
        student, sealed = (self.outcomes.get(mode, {}) for mode in MODES)
        return [name for name in sorted(student.keys() | sealed.keys())
                if student.get(name, ("absent", ""))[0] != sealed.get(name, ("absent", ""))[0]]


def _outcome(test: dict) -> str:
    """passed, failed, or (a stub's kind of failure) 'not implemented yet: t.f'."""
    if test["status"] == "passed":
        return "passed"
    for line in test["output"].splitlines():
        if line.startswith("not implemented yet"):
            return line.strip()
    return "failed"


def _run_both(topic: str, label: str, folder: Path, extra=(), nodeids=()) -> ParityRun:
    run = ParityRun(topic, label, {}, {}, [])
    for mode in MODES:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "results.json"
            code, seconds, output = _pytest(
                [f"--impl={folder}", "--topic", topic, "-q", "-n", "0",
                 "-p", "no:cacheprovider", "--hypothesis-profile", "ci", *extra,
                 *(["--sealed"] if mode == "sealed" else []),
                 "--results-json", str(out), *nodeids], PARITY_SECONDS)
            run.seconds[mode] = seconds
            if code not in (0, 1) or not out.exists():
                run.problems.append(f"{mode}: pytest exit {code}: {output[-800:]}")
            tests = json.loads(out.read_text())["tests"] if out.exists() else []
            run.outcomes[mode] = {t["name"]: (_outcome(t), t["output"]) for t in tests}
    return run


def _parity_job(topic: str, label: str) -> ParityRun:
    with contextlib.ExitStack() as stack:
        extra = ["--timeout", "30"] if label == "stubs" else []
        if label in ("solutions", "stubs"):
            folder = ROOT / ("solutions" if label == "solutions" else "exercises")
        else:
            folder = stack.enter_context(mutant_folder(
                topic, ROOT / "mutants" / topic / f"{label.split(' ', 1)[1]}.py"))
        run = _run_both(topic, label, folder, extra)
        # A difference seen once may be load: run just those checks again.
        if run.differences() and not run.problems:
            again = _run_both(topic, label, folder, extra, nodeids=run.differences())
            run.problems += [f"did not repeat (flaky?): {name}" for name in run.differences()
                             if name not in again.differences()]
        return run


def _first_lines(text: str, count: int = 6) -> str:
    lines = [line for line in text.splitlines() if line.strip()][:count]
    return "\n".join("        | " + line[:160] for line in lines) or "        | (no output)"


def parity_gate(only: list[str] | None = None, mutants: bool = False, jobs: int = 2) -> bool:
    """Every check has the same outcome in student mode and sealed mode, against
    the solutions, the stubs and (with `mutants`) every mutant."""
    names = [n for n in checked_topics() if not only or n in only]
    unknown = sorted(set(only or ()) - set(names))
    if unknown:
        print(f"parity gate: FAIL: no checks for {', '.join(unknown)}")
        return False
    work = [(n, label) for label in ("solutions", "stubs") for n in names]
    if mutants:
        work += [(n, f"mutant {p.stem}") for n in names
                 for p in sorted((ROOT / "mutants" / n).glob("*.py"))]
    ok = True
    runs: list[ParityRun] = []
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for run in pool.map(lambda w: _parity_job(*w), work):
            runs.append(run)
            differ = run.differences()
            ok &= not differ and not run.problems
            for name in differ:
                student, sealed = (run.outcomes[m].get(name, ("absent", "")) for m in MODES)
                print(f"  DIFFERS {run.topic} [{run.label}] {name}\n"
                      f"      student: {student[0]}; sealed: {sealed[0]}", flush=True)
                for mode, (outcome, output) in zip(MODES, (student, sealed)):
                    if outcome not in ("passed", "absent"):
                        print(f"      {mode} output:\n" + _first_lines(output), flush=True)
            for problem in run.problems:
                print(f"  PROBLEM {run.topic} [{run.label}] {problem[:1500]}", flush=True)
    print("parity:")
    for name in names:
        cells = []
        for kind in ("solutions", "stubs", "mutant"):
            mine = [r for r in runs if r.topic == name and r.label.startswith(kind)]
            if not mine:
                continue
            differ = sum(len(r.differences()) for r in mine)
            checks = sum(len(r.outcomes.get("student", {})) for r in mine)
            cell = (f"{kind}{'s' if kind == 'mutant' else ''} "
                    f"{'same' if not differ else f'{differ} DIFFER'}"
                    f" ({checks} outcomes{f', {len(mine)} runs' if kind == 'mutant' else ''})")
            if kind == "solutions":
                student, sealed = (mine[0].seconds.get(m, 0.0) for m in MODES)
                cell += f" {student:.1f} s -> {sealed:.1f} s sealed (x{sealed / max(student, 1e-9):.2f})"
            cells.append(cell)
        print(f"  {name:15} " + "; ".join(cells))
    total = sum(len(r.differences()) for r in runs)
    print(f"parity gate: {'ok' if ok else 'FAIL'}: {len(runs)} runs in both modes, "
          f"{total} checks differ, {sum(bool(r.problems) for r in runs)} runs with problems")
    return ok


SOAK_SECONDS = 600.0     # one run of the whole suite, with a core kept busy


@contextlib.contextmanager
def busy_core(busy: bool):
    """A process spinning on one core for the `with` block (when `busy`)."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"],
                               stdin=subprocess.DEVNULL) if busy else None
    try:
        yield
    finally:
        if spinner:
            spinner.kill()
            spinner.wait()


def soak_gate(topic_names: list[str], runs: int, jobs: int, busy: bool,
              first_seed: int = 1) -> bool:
    """The solutions pass `runs` times in a row, each run in its own random
    order (--shuffle SEED, seeds first_seed, first_seed + 1, ...), with
    `-n jobs` and, when `busy`, another process keeping one core busy."""
    selection = [arg for name in topic_names for arg in ("--topic", name)]
    failures: dict[str, list[int]] = {}
    ok_runs = 0
    with busy_core(busy), tempfile.TemporaryDirectory() as tmp:
        for seed in range(first_seed, first_seed + runs):
            out = Path(tmp) / f"soak-{seed}.json"
            code, seconds, output = _pytest(
                ["--impl", "solutions", "-n", str(jobs), "-q", "-p", "no:cacheprovider",
                 "--shuffle", str(seed), "--results-json", str(out), *selection],
                SOAK_SECONDS)
            tests = json.loads(out.read_text())["tests"] if out.exists() else []
            bad = [t for t in tests if t["status"] != "passed"]
            for t in bad:
                failures.setdefault(t["name"], []).append(seed)
                print(f"  --shuffle {seed}: {t['name']}: {t['output'][:300]!r}")
            if code == 0 and tests and not bad:
                ok_runs += 1
            elif not bad:
                print(output[-2000:])
            print(f"  run {seed - first_seed + 1}/{runs} (--shuffle {seed}): "
                  f"{len(tests) - len(bad)}/{len(tests)} passed, exit {code}, "
                  f"{seconds:.1f} s", flush=True)
    ok = ok_runs == runs
    print(f"soak gate: {'ok' if ok else 'FAIL'}: {ok_runs}/{runs} runs passed "
          f"(-n {jobs}, {'one core kept busy' if busy else 'no extra load'}, "
          f"Python {sys.version.split()[0]})"
          + "".join(f"\n  {name}: failed with --shuffle {seeds}"
                    for name, seeds in sorted(failures.items())))
    return ok
