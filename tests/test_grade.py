"""`python -m harness grade`, `merge` and `gradescope-bundle` over the real
suite (tcp and framing only, to stay fast): finding and unpacking
submissions, grades.csv, the results files, the HTML report, the same file
when graded twice (here: once whole, once as two shards merged), the same
verdicts as student mode, budgets, the session isolation, and the
Gradescope bundle run against a fake /autograder. The hostile corpus is in
test_hostile.py.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REAPER, REPO, copy_reference, harness_env
from once import once
from harness import grade as grading
from harness import topics

pytestmark = pytest.mark.timeout(900)
TOPICS = ("tcp", "framing")
HEADER = "submission,tcp,framing,total,status"


def run_harness(base: Path, *args: str, seconds: float = 600) -> dict:
    """`python -m harness ARGS` under the reaper: exit status, output, leftovers."""
    report = base / f"reaper-{len(list(base.glob('reaper-*')))}.json"
    done = subprocess.run([sys.executable, str(REAPER), str(report), str(seconds), "--",
                           sys.executable, "-m", "harness", *args],
                          cwd=REPO, env=harness_env(), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=seconds + 60)
    reaped = json.loads(report.read_text())
    return {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
            "leftovers": reaped["leftovers"], "timed_out": reaped["timed_out"]}


def _zip(folder: Path, archive: Path, prefix: str = "") -> None:
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, prefix + path.relative_to(folder).as_posix())


def build_class(folder: Path) -> None:
    """A class folder with one submission of every kind."""
    copy_reference(folder / "alice", TOPICS)              # correct
    _zip(copy_reference(folder.parent / "bob-src", TOPICS),  # zipped, wrapped
         folder / "bob.zip", "bob/")
    carol = copy_reference(folder / "carol", TOPICS)      # partly correct
    with open(carol / "tcp.py", "a") as f:
        f.write("\n\n" + (REPO / "mutants" / "tcp" / "send_all_no_loop.py").read_text())
    shutil.copy(REPO / "exercises" / "framing.py", carol / "framing.py")
    dave = folder / "dave"                                    # stubs
    dave.mkdir()
    for topic in TOPICS:
        shutil.copy(REPO / "exercises" / f"{topic}.py", dave / f"{topic}.py")
    (folder / "erin").mkdir()                                 # no topic module
    (folder / "erin" / "README.txt").write_text("I did not do it\n")
    with zipfile.ZipFile(folder / "evil.zip", "w") as zf:    # escapes its folder
        zf.writestr("tcp.py", "x = 1\n")
        zf.writestr("../escape.py", "x = 1\n")
    (folder / "frank.zip").write_bytes(b"not a zip at all")   # unreadable
    copy_reference(folder / "gina" / "wrapped", ("tcp",))  # one wrapping folder, no framing
    (folder / "notes.txt").write_text("the roster\n")         # not a submission: ignored


EXPECTED_STATUS = {"alice": "ok", "bob": "ok", "carol": "ok", "dave": "ok",
                   "erin": "not a submission", "evil": "unsafe zip", "frank": "unreadable zip",
                   "gina": "ok"}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    data = once(tmp_path_factory, "grade-class", _grade_class)
    return {**data, **{k: Path(data[k]) for k in ("base", "class", "out")}}


def _grade_class(base: Path) -> dict:
    """The class graded whole (-j 2), then as two shards (-j 1), merged."""
    klass = base / "class"
    klass.mkdir()
    build_class(klass)
    topic_args = [f"--topic={t}" for t in TOPICS]
    whole = run_harness(base, "grade", str(klass), "--out", str(base / "whole"), "-j", "2",
                        *topic_args)
    shards = [run_harness(base, "grade", str(klass), "--out", str(base / f"shard{k}"),
                          "-j", "1", "--shard", f"{k}/2", *topic_args) for k in (1, 2)]
    merged = run_harness(base, "merge", str(base / "shard1"), str(base / "shard2"),
                         "--out", str(base / "merged"))
    return {"base": str(base), "class": str(klass), "whole": whole, "shards": shards,
            "merged": merged, "out": str(base / "whole")}


def _rows(out: Path) -> dict[str, dict]:
    with open(out / "grades.csv", newline="") as f:
        return {r["submission"]: r for r in csv.DictReader(f)}


def _results(out: Path, name: str) -> dict:
    return json.loads((out / "results" / f"{name}.json").read_text())


def test_runs_end_cleanly(graded):
    for run in [graded["whole"], *graded["shards"], graded["merged"]]:
        assert run["code"] == 0, run["stderr"][-3000:]
        assert not run["timed_out"]
        assert run["leftovers"] == []


def test_grades_csv(graded):
    out = graded["out"]
    text = (out / "grades.csv").read_text()
    assert text.splitlines()[0] == HEADER
    rows = _rows(out)
    assert list(rows) == sorted(EXPECTED_STATUS)          # sorted, notes.txt ignored
    assert {n: r["status"] for n, r in rows.items()} == EXPECTED_STATUS
    full = {t: _results(out, "alice") for t in TOPICS}
    assert rows["alice"]["total"] == rows["bob"]["total"] != "0"
    assert float(rows["alice"]["total"]) == full["tcp"]["max_score"]
    assert rows["gina"]["tcp"] == rows["alice"]["tcp"] and rows["gina"]["framing"] == "0"
    assert 0 < float(rows["carol"]["tcp"]) < float(rows["alice"]["tcp"])
    assert rows["carol"]["framing"] == "0"
    for name in ("dave", "erin", "evil", "frank"):
        assert rows[name]["total"] == "0", name
    for row in rows.values():
        assert float(row["total"]) == float(row["tcp"]) + float(row["framing"])


def test_graded_twice_same_file(graded):
    """Once whole with -j 2, once as two shards with -j 1, merged: the same bytes."""
    whole = (graded["out"] / "grades.csv").read_bytes()
    assert (graded["base"] / "merged" / "grades.csv").read_bytes() == whole
    shard_rows = [set(_rows(graded["base"] / f"shard{k}")) for k in (1, 2)]
    assert not shard_rows[0] & shard_rows[1]
    assert shard_rows[0] | shard_rows[1] == set(EXPECTED_STATUS)


def test_results_files(graded):
    out = graded["out"]
    manifest = json.loads((out / "checks.json").read_text())
    names = [c["name"] for c in manifest]
    assert {c["topic"] for c in manifest} == set(TOPICS)
    for name in EXPECTED_STATUS:
        data = _results(out, name)
        assert set(data) >= {"score", "max_score", "tests", "output", "visibility"}
        assert [t["name"] for t in data["tests"]] == names        # every check, in order
        assert data["score"] == sum(t["score"] for t in data["tests"])
        for t in data["tests"]:
            assert set(t) == {"name", "score", "max_score", "status", "output",
                              "visibility", "tags"}
            assert t["tags"] in (["tcp"], ["framing"])
            assert t["score"] == (t["max_score"] if t["status"] == "passed" else 0)
    carol = _results(out, "carol")
    failed = [t for t in carol["tests"] if t["status"] == "failed" and t["tags"] == ["tcp"]]
    assert any("send_all" in t["output"] for t in failed)
    # paths of the grader's temp folders are shown as the submission's name
    assert not any("netlab-grade-" in t["output"] for t in carol["tests"])


def test_same_verdicts_as_student_mode(graded):
    """pytest --impl=carol (student mode, not sealed) decides every check the
    same way as the grader does."""
    base = graded["base"]
    out = base / "student-carol.json"
    subprocess.run([sys.executable, "-m", "pytest", f"--impl={graded['class'] / 'carol'}",
                    f"--results-json={out}", "-p", "no:cacheprovider", "-q", "--lang", "en",
                    *[f"--topic={t}" for t in TOPICS]],
                   cwd=REPO, env={**harness_env(), "CI": "true"}, stdin=subprocess.DEVNULL,
                   capture_output=True, timeout=600)
    student = {t["name"]: t["status"] for t in json.loads(out.read_text())["tests"]}
    sealed = {t["name"]: t["status"] for t in _results(graded["out"], "carol")["tests"]}
    assert student == sealed


class _Report(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_report_html(graded):
    html = (graded["out"] / "report.html").read_text()
    report = _Report()
    report.feed(html)
    tags = [t for t, _ in report.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not re.search(r"(src|href)\s*=|url\(|@import|https?://", html)
    text = " ".join(report.text)
    for name in EXPECTED_STATUS:
        assert name in text
    cells = [a for t, a in report.tags if t == "td" and "background:hsl(" in a.get("style", "")]
    assert len(cells) >= len(EXPECTED_STATUS) * (len(TOPICS) + 1)
    bars = [a for t, a in report.tags if t == "div" and a.get("class") == "fill"]
    assert len(bars) == len(TOPICS)
    assert "Checks failed most often" in text
    hints = [a for t, a in report.tags if t == "div" and a.get("class") == "hint"]
    assert hints                                  # the failed checks come with their hints
    merged = (graded["base"] / "merged" / "report.html").read_text()
    assert merged == html


def test_budget_exceeded(tmp_path):
    """A run past its budget is stopped; what it decided by then counts."""
    # Every topic: about 20 s of checks, so a 4 s budget surely cuts the run
    # (tcp and framing alone may all be decided just before it ends).
    every = [t.name for t in topics.TOPICS if (REPO / "solutions" / f"{t.name}.py").exists()]
    copy_reference(tmp_path / "class" / "slowpoke", every)
    run = run_harness(tmp_path, "grade", str(tmp_path / "class"), "--out", str(tmp_path / "out"),
                      "--budget", "4")
    assert run["code"] == 0, run["stderr"]
    assert run["leftovers"] == []
    row = _rows(tmp_path / "out")["slowpoke"]
    assert row["status"] == "budget exceeded"
    data = _results(tmp_path / "out", "slowpoke")
    assert 0 <= data["score"] < data["max_score"]
    assert any(t["output"].startswith("not run: budget exceeded") for t in data["tests"])
    seconds = float(re.search(r"slowpoke: .* \((\d+\.\d+) s\)", run["stderr"]).group(1))
    assert seconds < 4 + 15


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux sessions and /proc")
def test_session_isolation_same_grades(graded, tmp_path):
    """Without namespaces (isolation 'session'), the same grades."""
    klass = tmp_path / "class"
    for name in ("alice", "carol"):
        shutil.copytree(graded["class"] / name, klass / name)
    run = run_harness(tmp_path, "grade", str(klass), "--out", str(tmp_path / "out"),
                      "--isolation", "session", *[f"--topic={t}" for t in TOPICS])
    assert run["code"] == 0, run["stderr"]
    assert run["leftovers"] == []
    rows, whole = _rows(tmp_path / "out"), _rows(graded["out"])
    assert rows == {n: whole[n] for n in ("alice", "carol")}


def test_gradescope_bundle(graded, tmp_path):
    """The bundle's run_autograder, run against a fake /autograder, writes
    results.json for a zipped-then-unpacked submission in a wrapping folder."""
    bundle = tmp_path / "autograder.zip"
    run = run_harness(tmp_path, "gradescope-bundle", str(bundle),
                      *[f"--topic={t}" for t in TOPICS])
    assert run["code"] == 0, run["stderr"]
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        ag = tmp_path / "autograder"
        zf.extractall(ag / "source")
    assert {"setup.sh", "run_autograder", "conftest.py", "pytest.ini",
            "requirements.txt"} <= set(names)
    assert not any(n.startswith(("solutions/", "exercises/", "mutants/", "tests/"))
                   or "__pycache__" in n for n in names)
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    shutil.copytree(graded["class"] / "carol", ag / "submission" / "carol-hw")
    (ag / "results").mkdir()
    done = subprocess.run(["bash", str(ag / "source" / "run_autograder")],
                          env={**harness_env(), "AUTOGRADER_ROOT": str(ag),
                               "NETLAB_PYTHON": sys.executable},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((ag / "results" / "results.json").read_text())
    assert results["score"] == _results(graded["out"], "carol")["score"]
    assert [t["status"] for t in results["tests"]] == \
        [t["status"] for t in _results(graded["out"], "carol")["tests"]]
    again = tmp_path / "again.zip"
    assert run_harness(tmp_path, "gradescope-bundle", str(again),
                       *[f"--topic={t}" for t in TOPICS])["code"] == 0
    assert again.read_bytes() == bundle.read_bytes()      # the same suite, the same bytes


# -- units: no pytest run ---------------------------------------------------------------

@pytest.mark.parametrize("name, parts", [
    ("a/tcp.py", ["a", "tcp.py"]), ("./tcp.py", ["tcp.py"]), ("a\\b.py", ["a", "b.py"]),
    ("/etc/passwd", None), ("../x.py", None), ("a/../../x.py", None), ("C:/x.py", None)])
def test_zip_entry_paths(name, parts):
    assert grading._safe_parts(name) == parts


def test_zip_caps(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("tcp.py", b"#" * (3 << 20))
    with pytest.raises(grading.SubmissionError, match="too large"):
        grading.unpack(grading.Submission("bomb", bomb), tmp_path / "out",
                       grading.Limits(unpacked_mib=1))
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(20):
            zf.writestr(f"f{i}.py", b"")
    with pytest.raises(grading.SubmissionError, match="too many files"):
        grading.unpack(grading.Submission("many", many), tmp_path / "out2",
                       grading.Limits(files=10))


def test_folder_copy_skips_links(tmp_path):
    src = tmp_path / "sub"
    src.mkdir()
    (src / "tcp.py").write_text("x = 1\n")
    (src / "framing.py").symlink_to(REPO / "solutions" / "framing.py")
    (src / "up").symlink_to(REPO)
    impl = grading.unpack(grading.Submission("sub", src), tmp_path / "out", grading.Limits())
    assert sorted(p.name for p in impl.iterdir()) == ["tcp.py"]


def test_finding_submissions(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.zip").write_bytes(b"")
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "roster.csv").write_text("")
    names = [s.name for s in grading.find_submissions(tmp_path)]
    assert names == ["a", "a.zip", "b"]
    (tmp_path / "b" / "tcp.py").write_text("")
    assert [s.name for s in grading.find_submissions(tmp_path / "b")] == ["b"]
    assert [s.name for s in grading.find_submissions(tmp_path / "a.zip")] == ["a"]
    assert [s.name for s in grading.find_submissions(tmp_path, single=True)] == [tmp_path.name]


def test_shards_partition():
    subs = [grading.Submission(f"s{i:02d}", Path("/")) for i in range(11)]
    parts = [grading.shard(subs, f"{k}/3") for k in (1, 2, 3)]
    assert sorted(s.name for p in parts for s in p) == [s.name for s in subs]
    assert [len(p) for p in parts] == [4, 4, 3]
    with pytest.raises(ValueError):
        grading.shard(subs, "4/3")


def test_running_check_and_setup_phase():
    log = [{"hello": True}, {"start": "a"}, {"call": "a"}, {"done": "a"},
           {"start": "b"}]
    assert grading._running_check(log) == ("b", True)
    assert grading._running_check(log + [{"call": "b"}]) == ("b", False)
    assert grading._running_check(log[:4]) == (None, False)


def test_progress_bar_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    stream = Tty()
    progress = grading.Progress(stream)
    progress.start(3, 2)
    progress.began("a")
    progress.finished(grading.Graded("a", "budget exceeded"))
    progress.close()
    out = stream.getvalue()
    assert "\r\x1b[K[" in out and "1/3 done" in out and "1 failed" in out and "ETA" in out


def _processes_mentioning(text: str, pytest_only: bool = False) -> list[int]:
    """Pids whose command line mentions `text` (with `pytest_only`, only
    those started as `python -m pytest`, and their forks)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    args = f.read().split(b"\0")
            except OSError:
                continue
            if text.encode() in b" ".join(args) and \
                    (not pytest_only or args[1:3] == [b"-m", b"pytest"]):
                found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PDEATHSIG, /proc")
def test_killed_grader_leaves_nothing_running(tmp_path):
    """SIGKILL the grader mid-run: its runs end with it (nothing left
    running), and the next grade removes its work folder and cgroups."""
    copy_reference(tmp_path / "class" / "alice", TOPICS)
    proc = subprocess.Popen([sys.executable, "-m", "harness", "grade", str(tmp_path / "class"),
                             "--out", str(tmp_path / "out"), "-q"],
                            cwd=REPO, env=harness_env(), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marker = f"netlab-grade-{proc.pid}-"
    try:
        # Killed once a check runs: the run's pytest and at least one sandbox
        # process forked from it (the same command line).
        deadline = time.monotonic() + 120
        while len(_processes_mentioning(marker, pytest_only=True)) < 2:
            assert time.monotonic() < deadline and proc.poll() is None, "no check started"
            time.sleep(0.02)
        # Looked for while the grader lives: once it is dead, a grade that
        # another test runs at the same time may already clean it away.
        left = [p for p in Path(tempfile.gettempdir()).glob(f"{marker}*")] + \
            [p for p in Path("/var/tmp").glob(f"{marker}*")]
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 15
    while _processes_mentioning(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_mentioning(marker) == []
    run = run_harness(tmp_path, "grade", str(tmp_path / "class"), "--out",
                      str(tmp_path / "out2"), "--topic", "framing")
    assert run["code"] == 0, run["stderr"]
    assert left and not any(p.exists() for p in left)
