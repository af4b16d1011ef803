"""The hostile-submission corpus (tests/hostile/, see its README.md), graded
by `python -m harness grade` over the real suite (tcp and framing only).

One grading run for the whole corpus (module scope), made like a teacher
would, but with /tmp and /var/tmp replaced by empty folders of its own (a
private mount namespace), under tests/reaper.py. Then, for every case: zero
points for what it broke, full marks for what it did right, no hang past its
budget; and for the run: no process left (the reaper's report), nothing left
in its /tmp or /var/tmp, none of the files the cases tried to write outside
their folders.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import REAPER, REPO, copy_reference, harness_env
from once import once

HOSTILE = Path(__file__).resolve().parent / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "case.json").exists())
BUDGET = 300.0
TOPICS = ("tcp", "framing")
pytestmark = pytest.mark.timeout(1800)   # one grading run of the whole corpus
TWINS = {
    "twin_function": "\n\ndef recv_until_eof(sock):\n    raise RuntimeError('broken')\n",
}

needs_namespaces = pytest.mark.skipif(
    os.geteuid() != 0 or not sys.platform.startswith("linux") or not shutil.which("unshare"),
    reason="the corpus run needs root and unshare (a private /tmp to check for leftovers)")


def build_case(case: str, dest: Path) -> None:
    """The submission folder of a corpus case (see tests/hostile/README.md)."""
    spec = json.loads((HOSTILE / case / "case.json").read_text())
    dest.mkdir(parents=True)
    shutil.copy(REPO / "solutions" / "framing.py", dest / "framing.py")
    attack = (HOSTILE / case / "tcp.py").read_bytes().replace(b"@REPO@", str(REPO).encode())
    base = {"append": REPO / "solutions" / "tcp.py", "stub": REPO / "exercises" / "tcp.py",
            "replace": None}[spec["mode"]]
    head = base.read_bytes() + b"\n\n" if base else b""
    (dest / "tcp.py").write_bytes(head + attack)


def build_class(folder: Path) -> None:
    """Every case, the reference and the honest twin, as one class folder."""
    for case in CASES:
        build_case(case, folder / case)
    reference = copy_reference(folder / "reference", TOPICS)
    twin = folder / "twin_function"
    shutil.copytree(reference, twin)
    with open(twin / "tcp.py", "a") as f:
        f.write(TWINS["twin_function"])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return once(tmp_path_factory, "hostile-corpus", lambda _: _corpus_in_cache())


def _corpus_in_cache() -> dict:
    # Not under /tmp or /var/tmp: those are replaced below.
    cache = Path.home() / ".cache"
    cache.mkdir(exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="netlab-hostile-", dir=cache))
    try:
        return _grade_corpus(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _under_tmp(*paths) -> bool:
    return any(str(Path(p).resolve()).startswith(("/tmp/", "/var/tmp/")) for p in paths)


def _grade_corpus(base: Path) -> dict:
    if _under_tmp(REPO, sys.prefix, sys.executable):
        pytest.skip("the corpus is graded behind a private /tmp, and this clone or its "
                    "venv lies under /tmp (it would vanish); clone elsewhere to run it")
    klass, out = base / "class", base / "out"
    build_class(klass)
    tmp, vartmp = base / "private-tmp", base / "private-vartmp"
    tmp.mkdir()
    vartmp.mkdir()
    escapes = [Path(os.path.expanduser(p)) for case in CASES
               for p in json.loads((HOSTILE / case / "case.json").read_text()).get("escapes", [])]
    for path in escapes:
        path.unlink(missing_ok=True)
    report = base / "reaper.json"
    grade = [sys.executable, "-m", "harness", "grade", str(klass), "--out", str(out),
             "-j", "2", "--budget", str(BUDGET), *[f"--topic={t}" for t in TOPICS]]
    # /tmp and /var/tmp of the grader and everything below it: fresh empty
    # folders, so anything a run leaves there is found (others use the real ones)
    script = ('mount --make-rprivate / && mount --bind "$1" /tmp && mount --bind "$2" /var/tmp'
              ' && shift 2 && exec "$@"')
    command = ["unshare", "--mount", "sh", "-c", script, "sh", str(tmp), str(vartmp),
               sys.executable, str(REAPER), str(report), "1500", "--", *grade]
    proc = subprocess.Popen(command, cwd=REPO, env=harness_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=1600)
    finally:
        if proc.returncode is None:   # interrupted: the grader cleans up on SIGTERM
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(60)
    done = subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)
    reaped = json.loads(report.read_text())
    seconds = {m.group(1): float(m.group(2)) for m in re.finditer(
        r"^\[\d+/\d+\] (\S+): .* \((\d+\.\d+) s\)$", done.stderr, re.M)}
    return {
        "code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
        "reaped": reaped, "out": str(out), "seconds": seconds,
        "tmp_left": sorted(os.listdir(tmp)), "vartmp_left": sorted(os.listdir(vartmp)),
        "escaped": [str(p) for p in escapes if p.exists()],
        "results": {p.stem: json.loads(p.read_text()) for p in (out / "results").glob("*.json")},
        "csv": (out / "grades.csv").read_text() if (out / "grades.csv").exists() else "",
    }


def _statuses(results: dict, topic: str) -> dict[str, str]:
    return {t["name"]: t["status"] for t in results["tests"] if t["tags"] == [topic]}


def _points(results: dict, topic: str) -> float:
    return sum(t["score"] for t in results["tests"] if t["tags"] == [topic])


@needs_namespaces
def test_the_run_ends_cleanly(corpus):
    """The grader finishes, leaves no process, no temp file, no escaped file."""
    assert corpus["code"] == 0, corpus["stderr"][-3000:]
    assert not corpus["reaped"]["timed_out"]
    assert corpus["reaped"]["leftovers"] == []
    assert corpus["tmp_left"] == []
    assert corpus["vartmp_left"] == []
    assert corpus["escaped"] == []


@needs_namespaces
def test_reference_and_twin_are_what_they_seem(corpus):
    results = corpus["results"]
    reference, twin = results["reference"], results["twin_function"]
    assert reference["score"] == reference["max_score"] > 0
    twin_tcp = _statuses(twin, "tcp")
    assert 0 < list(twin_tcp.values()).count("passed") < len(twin_tcp)


@needs_namespaces
@pytest.mark.parametrize("case", CASES)
def test_case(corpus, case):
    """Zero for what it broke, full marks for the rest, within its budget."""
    spec = json.loads((HOSTILE / case / "case.json").read_text())
    results = corpus["results"]
    assert case in results, f"{case}: no results\n{corpus['stderr'][-3000:]}"
    got, reference = results[case], results["reference"]
    line = next(r for r in corpus["csv"].splitlines() if r.startswith(case + ","))
    assert line.endswith(",ok"), line
    assert corpus["seconds"].get(case, 0) <= BUDGET + 30, corpus["seconds"]
    assert _points(got, "framing") == _points(reference, "framing"), spec["what"]
    tcp = _statuses(got, "tcp")
    assert set(tcp) == set(_statuses(reference, "tcp"))
    passed = {n for n, s in tcp.items() if s == "passed"}
    twin = {n for n, s in _statuses(results["twin_function"], "tcp").items() if s == "passed"}
    expected = spec["tcp"]
    if expected == "zero":
        assert passed == set(), f"{spec['what']}: passed {sorted(passed)}"
    elif expected == "full":
        assert passed == set(tcp), f"{spec['what']}: failed {sorted(set(tcp) - passed)}"
    elif expected == "twin":
        assert passed == twin, (f"{spec['what']}: passed beyond the twin "
                                f"{sorted(passed - twin)}, failed beyond it {sorted(twin - passed)}")
    else:   # between
        assert twin <= passed, f"{spec['what']}: failed beyond the twin {sorted(twin - passed)}"
    assert got["score"] == sum(t["score"] for t in got["tests"]) <= got["max_score"]
