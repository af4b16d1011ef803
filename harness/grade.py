"""`python -m harness grade`: grade a class of submissions, each in isolation.

    python -m harness grade SUBMISSIONS --out DIR [-j N] [--budget SECONDS]
                            [--shard K/N] [--topic NAME]... [--lang en|zh]

Strategy. The suite is copied once into a grading layout without the
reference solutions (checks/, harness/, conftest.py, pytest.ini), and one
`--collect-only` run there lists the checks (the manifest: name, topic,
points, hint). Each submission is unpacked into a folder of its own and
graded by `python -m pytest --sealed` from the layout, `-j` at a time, each
with its own wall-clock budget, started through harness/jail.py:

- as root on Linux, in a PID and mount namespace of its own: it sees only its
  own processes, writes only to its own folder and a size-capped /tmp, cannot
  see the reference, the other submissions or the outputs, and lacks the
  capabilities that would undo that; when the run ends the kernel ends every
  process it made, and its /tmp vanishes;
- elsewhere (isolation "session"), in a new session with TMPDIR inside its
  folder; the grader (a child subreaper) then kills whatever is left in that
  session and every orphan that comes to it.

Both get the limits below (rlimits, a pids cgroup where there is one) and a
capped output pipe. The verdicts come from the run's results file only when
pytest wrote it, checked against the manifest (unknown or missing checks,
scores recomputed from the manifest's points), and from a per-check log
(harness/gradelog.py) when the run died: a submission that kills the pytest
process grading it loses the check that was running, and a new run grades the
rest. When the run died while setting up the first check of a topic (where
the topic's module is imported), the module kills the grader at import: the
whole topic fails at once. Checks that failed by running out of time get one
more run (on a loaded machine a correct submission can miss a deadline, and
grading twice must give the same grades): either run passing passes.
"""
from __future__ import annotations

import csv
import io
import json
import os
import secrets
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import cgroup, topics
from .sandbox import PR_SET_CHILD_SUBREAPER, _prctl, _signal
from .report_html import first_line

ROOT = Path(__file__).resolve().parent.parent
JAIL = Path(__file__).resolve().parent / "jail.py"
LAYOUT_ITEMS = ("checks", "harness", "conftest.py", "pytest.ini", "requirements.txt")
TOPIC_FILES = {f"{t.name}.py" for t in topics.TOPICS}
IGNORED_ENTRIES = {"__MACOSX", "__pycache__"}
DEFAULT_BUDGET = 900.0
DEATHS_PER_TOPIC = 100        # pytest killed this often in one topic: give up on it
STALLS = 2                    # runs in a row that decided nothing: crashed
RETRIES = 25                  # checks failed by a timeout that get one more run
OUTPUT_LIMIT = 8000           # characters of a check's output kept in the results
KILL_WAIT = 10.0

TEXTS = {
    "run_died": {
        "en": "the grading run ended during this check ({how}): the submission "
              "ended the process that grades it, so this check fails",
        "zh": "评分进程在这项检查中途结束（{how}）：提交的代码结束了评分进程，这项检查不通过"},
    "topic_given_up": {
        "en": "not run: the grading run was ended {n} times during this topic's "
              "checks, so its remaining checks fail",
        "zh": "未运行：评分进程在这个主题的检查中被结束了 {n} 次，其余检查都不通过"},
    "import_killed": {
        "en": "the grading run ended ({how}) while this topic's module was being "
              "imported: importing it ends the process that grades it, so every "
              "check of the topic fails",
        "zh": "导入这个主题的模块时评分进程结束了（{how}）：导入它就会结束评分进程，"
              "所以这个主题的检查都不通过"},
    "not_collected": {
        "en": "not run: the grading run did not collect this check",
        "zh": "未运行：评分进程没有收集到这项检查"},
    "not_run": {
        "en": "not run: {status}",
        "zh": "未运行：{status}"},
    "output": {
        "en": "netlab checks against {name}: {status}",
        "zh": "netlab 对 {name} 的检查结果：{status}"},
}


def text(key: str, lang: str, **kw) -> str:
    table = TEXTS[key]
    return table.get(lang, table["en"]).format(**kw)


@dataclass
class Limits:
    """What one submission's grading run may use (see docs/GRADING.md)."""
    processes: int = 1024          # pids at once, the whole run (pids cgroup)
    memory_mib: int = 4096         # address space per process (RLIMIT_AS)
    open_files: int = 4096         # descriptors per process (RLIMIT_NOFILE)
    cpu_seconds: int | None = None  # CPU time per process (RLIMIT_CPU); default: budget + 60
    file_size_mib: int = 100       # largest file a process may write (RLIMIT_FSIZE)
    output_kib: int = 1024         # output of the run kept (the rest is read and dropped)
    tmp_mib: int = 512             # the run's private /tmp and /dev/shm (namespaces)
    unpacked_mib: int = 50         # a submission's files, unpacked
    files: int = 2000              # how many files a submission may hold

    def rlimits(self, budget: float) -> dict[str, int]:
        return {"NOFILE": self.open_files, "AS": self.memory_mib << 20,
                "CPU": int(self.cpu_seconds or budget + 60),
                "FSIZE": self.file_size_mib << 20, "CORE": 0}


@dataclass
class Submission:
    name: str
    path: Path


@dataclass
class Graded:
    """One submission's outcome."""
    name: str
    status: str
    tests: list[dict] = field(default_factory=list)   # results entries, manifest order
    seconds: float = 0.0

    @property
    def total(self) -> float:
        return sum(t["score"] for t in self.tests)


class SubmissionError(Exception):
    """The submission cannot be graded (the message is its status)."""


# -- finding and unpacking submissions -------------------------------------------

def _visible(entries) -> list[Path]:
    return [p for p in entries if not p.name.startswith(".") and p.name not in IGNORED_ENTRIES]


def _has_topics(folder: Path) -> bool:
    try:
        return any(p.name in TOPIC_FILES and p.is_file() for p in folder.iterdir())
    except OSError:
        return False


def find_submissions(root: Path, single: bool = False) -> list[Submission]:
    """The submissions under `root`, sorted by name: `root` itself when it is a
    zip, holds topic modules, or `single` is set; else each folder and zip in it."""
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"{root}: no such file or folder")
    if root.is_file() or single or _has_topics(root):
        name = root.stem if root.suffix.lower() == ".zip" else root.name
        return [Submission(name or "submission", root)]
    found: dict[str, Submission] = {}
    for path in sorted(_visible(root.iterdir())):
        if path.is_dir() and not path.is_symlink():
            name = path.name
        elif path.is_file() and path.suffix.lower() == ".zip":
            name = path.stem if path.stem not in found else path.name
        else:
            continue   # a roster, a note: not a submission
        base, n = name, 2
        while name in found:
            name, n = f"{base}-{n}", n + 1
        found[name] = Submission(name, path)
    return sorted(found.values(), key=lambda s: s.name)


def shard(subs: list[Submission], spec: str | None) -> list[Submission]:
    """The K-th of N slices ("K/N", K from 1): every N-th by sorted name."""
    if not spec:
        return subs
    k, n = _parse_shard(spec)
    return [s for i, s in enumerate(sorted(subs, key=lambda s: s.name)) if i % n == k - 1]


def _parse_shard(spec: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in spec.split("/"))
    except ValueError:
        raise ValueError(f"--shard {spec!r}: expected K/N, e.g. 2/4") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard {spec!r}: K must be between 1 and N")
    return k, n


class _Budget:
    def __init__(self, limits: Limits):
        self.left = limits.unpacked_mib << 20
        self.files = limits.files

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise SubmissionError("too large")

    def count(self) -> None:
        self.files -= 1
        if self.files < 0:
            raise SubmissionError("too many files")


def _safe_parts(name: str) -> list[str] | None:
    """The path parts of a zip entry, or None if it would land outside."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    return parts


def _unzip(archive: Path, dest: Path, limits: Limits) -> None:
    budget = _Budget(limits)
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            for info in infos:
                if _safe_parts(info.filename) is None:
                    raise SubmissionError("unsafe zip")
            for info in infos:
                parts = _safe_parts(info.filename)
                mode = info.external_attr >> 16
                if (info.is_dir() or not parts or stat.S_ISLNK(mode)
                        or any(p in IGNORED_ENTRIES for p in parts)):
                    continue
                budget.count()
                budget.take(info.file_size)
                target = dest.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as out:
                    while chunk := src.read(1 << 16):
                        budget.take(len(chunk) - min(len(chunk), info.file_size))
                        out.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
            RuntimeError, ValueError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is None:
            raise
        raise SubmissionError("unreadable zip") from exc


def _copy_folder(src: Path, dest: Path, limits: Limits) -> None:
    """Regular files only (no symlinks, devices or pipes), within the caps."""
    budget = _Budget(limits)
    for folder, dirs, files in os.walk(src, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_ENTRIES
                         and not os.path.islink(os.path.join(folder, d)))
        rel = Path(folder).relative_to(src)
        for name in sorted(files):
            path = Path(folder) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            budget.count()
            budget.take(info.st_size)
            target = dest / rel / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "rb") as fin, open(target, "wb") as fout:
                shutil.copyfileobj(fin, fout, 1 << 16)


def unpack(sub: Submission, dest: Path, limits: Limits) -> Path:
    """Copy or unzip `sub` into `dest`; the folder holding its topic modules."""
    dest.mkdir(parents=True)
    if sub.path.is_file():
        if sub.path.suffix.lower() != ".zip":
            raise SubmissionError("not a submission")
        _unzip(sub.path, dest, limits)
    else:
        _copy_folder(sub.path, dest, limits)
    found = _topic_root(dest)
    inside = _visible(dest.iterdir())
    if found is None and len(inside) == 1 and inside[0].suffix.lower() == ".zip" \
            and inside[0].is_file():   # a folder holding just the student's zip
        _unzip(inside[0], dest / ".unzipped", limits)
        found = _topic_root(dest / ".unzipped")
    if found is None:
        raise SubmissionError("not a submission")
    return found


def _topic_root(folder: Path) -> Path | None:
    """`folder` if it holds topic modules, or its one wrapping folder if that does."""
    if _has_topics(folder):
        return folder
    inside = _visible(folder.iterdir())
    if len(inside) == 1 and inside[0].is_dir() and _has_topics(inside[0]):
        return inside[0]
    return None


# -- processes ------------------------------------------------------------------------

class Processes:
    """The grader's children: started under a lock, so the orphan sweeper
    (the grader is a child subreaper) never takes one of ours for an orphan."""

    def __init__(self):
        self.lock = threading.Lock()
        self.owned: set[int] = set()
        self.stopping = threading.Event()
        self.subreaper = _become_subreaper()
        self._thread = None
        if self.subreaper:
            self._thread = threading.Thread(target=self._sweep_loop, daemon=True)
            self._thread.start()

    def popen(self, *args, **kwargs) -> subprocess.Popen:
        with self.lock:
            proc = subprocess.Popen(*args, **kwargs)
            self.owned.add(proc.pid)
        return proc

    def release(self, proc: subprocess.Popen) -> None:
        with self.lock:
            self.owned.discard(proc.pid)

    def sweep_orphans(self) -> int:
        """Kill and reap every child that is not one we started."""
        import psutil
        with self.lock:
            try:
                children = psutil.Process().children()
            except psutil.Error:
                return 0
            strays = [c.pid for c in children if c.pid not in self.owned]
            for pid in strays:
                _signal(pid, signal.SIGKILL)
            for pid in strays:
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
        return len(strays)

    def _sweep_loop(self) -> None:
        while not self.stopping.wait(0.25):
            self.sweep_orphans()

    def close(self) -> None:
        self.stopping.set()
        if self._thread:
            self._thread.join(5)
        end = time.monotonic() + KILL_WAIT
        while self.subreaper and self.sweep_orphans() and time.monotonic() < end:
            time.sleep(0.05)


def _become_subreaper() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
    except OSError:
        return False
    return True


def _session_of(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except OSError:
        return None


def _session_members(sid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid() and _session_of(int(entry)) == sid:
            found.append(int(entry))
    return found


def kill_session(sid: int, also: list[int] = ()) -> None:
    """Freeze then kill every process of session `sid` (and `also`), round by
    round until none is left (a fork bomb cannot refill the slots)."""
    import psutil
    end = time.monotonic() + KILL_WAIT
    while time.monotonic() < end:
        pids = set(_session_members(sid))
        for pid in list(also) + list(pids):
            try:
                pids.update(c.pid for c in psutil.Process(pid).children(recursive=True))
            except psutil.Error:
                pass
        live = [p for p in pids if _alive(p)]
        if not live:
            return
        for pid in live:
            _signal(pid, signal.SIGSTOP)
        for pid in live:
            _signal(pid, signal.SIGKILL)
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return False
    return data[data.rfind(b")") + 2:][:1] not in (b"Z", b"X")


# -- the grading run of one submission -------------------------------------------------

@dataclass
class Run:
    """How one pytest run ended."""
    code: int | None
    timed_out: bool
    log: list[dict]      # what its pytest process sent (see harness/gradelog.py)
    output: bytes


class _Records:
    """The grader's end of a run's record socket: keeps the messages of the
    process that said hello first (pytest, before any submission code ran),
    as the kernel vouches with SO_PASSCRED; drops every other sender's."""

    def __init__(self):
        self.ours, self.theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.ours.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.records: list[dict] = []
        self.pid: int | None = None
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        creds = socket.CMSG_SPACE(struct.calcsize("iII"))
        while True:
            try:
                data, ancdata, _, _ = self.ours.recvmsg(1 << 20, creds)
            except OSError:
                return
            pid = None
            for level, kind, cdata in ancdata:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = struct.unpack("iII", cdata[:struct.calcsize("iII")])[0]
            if pid is None:
                if not data:
                    return   # end of stream: every holder of the other end is gone
                continue
            try:
                record = json.loads(data)
            except ValueError:
                record = None
            if self.pid is None and record == {"hello": True}:
                self.pid = pid
            elif pid == self.pid and isinstance(record, dict):
                self.records.append(record)

    def finish(self) -> None:
        self.thread.join(KILL_WAIT)
        if self.thread.is_alive():
            try:
                self.ours.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.thread.join(KILL_WAIT)
        self.ours.close()


class Grader:
    def __init__(self, out: Path, *, jobs: int = 0, budget: float = DEFAULT_BUDGET,
                 topics_: list[str] = (), lang: str = "en", limits: Limits = Limits(),
                 isolation: str = "auto", hide: list[Path] = (), progress=None):
        self.out = Path(out).resolve()
        self.jobs = jobs or _cores()
        self.budget = budget
        self.topics = list(topics_)
        self.lang = lang
        self.limits = limits
        self.namespaces = isolation != "session" and _namespaces_work(isolation)
        self.procs = Processes()   # after the probe: its sweeper kills strays
        if isolation == "namespaces" and not self.namespaces:
            raise RuntimeError("isolation 'namespaces' needs root on Linux with "
                               "unshare(CLONE_NEWPID|CLONE_NEWNS) allowed")
        base = "/var/tmp" if self.namespaces and os.path.isdir("/var/tmp") else None
        clean_stale(base or tempfile.gettempdir())
        self.work = Path(tempfile.mkdtemp(prefix=f"netlab-grade-{os.getpid()}-", dir=base))
        self.hide = [Path(p).resolve() for p in hide]
        self.progress = progress
        self.active: dict[int, subprocess.Popen] = {}
        self.interrupted = False
        self.layout = self.work / "suite"
        self.manifest: list[dict] = []
        self.by_name: dict[str, dict] = {}

    # -- setup ---------------------------------------------------------------
    def prepare(self) -> None:
        """The grading layout, and its manifest: the checks as a graded run
        collects them (collected the same way, in the same fence, so the
        names match), which also fills the layout's bytecode caches."""
        _copy_layout(ROOT, self.layout)
        folder = self.work / "manifest"
        (folder / "empty").mkdir(parents=True)
        (folder / "tmp").mkdir()
        manifest = folder / "manifest.json"
        config = {"namespaces": self.namespaces, "rlimits": self.limits.rlimits(self.budget),
                  "cwd": str(self.layout), "drop_caps": True}
        if self.namespaces:   # no submission runs here: the layout may be written
            config.update(tmp_bytes=self.limits.tmp_mib << 20,
                          writable=[str(self.layout), str(folder)], hide=self._hidden())
        args = [sys.executable, "-S", str(JAIL), json.dumps(config), "--",
                sys.executable, "-m", "pytest", "--collect-only", "-q", "--sealed",
                "--continue-on-collection-errors", f"--impl={folder / 'empty'}",
                "-p", "no:cacheprovider", "-p", "harness.gradelog",
                f"--grade-manifest={manifest}", "--lang", self.lang,
                *[f"--topic={t}" for t in self.topics]]
        env = self._env(Path("/tmp") if self.namespaces else folder / "tmp")
        proc = self.procs.popen(args, cwd=self.layout, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            output, _ = proc.communicate(timeout=300)
        finally:
            if proc.poll() is None:
                self._kill(proc)
            if not self.namespaces:
                kill_session(proc.pid)
            self.procs.release(proc)
        if not manifest.exists():
            raise RuntimeError("listing the checks failed:\n"
                               + output.decode(errors="replace")[-3000:])
        self.manifest = json.loads(manifest.read_text(encoding="utf-8"))
        self.by_name = {c["name"]: c for c in self.manifest}
        shutil.rmtree(folder, ignore_errors=True)

    @property
    def topic_names(self) -> list[str]:
        seen = {c["topic"] for c in self.manifest}
        return [t.name for t in topics.TOPICS if t.name in seen]

    def _env(self, tmp: Path) -> dict[str, str]:
        dropped = ("CI", "PYTHONPYCACHEPREFIX", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED",
                   "PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONHOME", "PYTHONPATH", "TMPDIR")
        env = {k: v for k, v in os.environ.items()
               if k not in dropped and not k.startswith(("NETLAB_", "PYTEST_", "HYPOTHESIS",
                                                          "COV_CORE"))}
        # PYTHONPATH may be how pytest is found; never the suite itself (the
        # layout is the current folder, and the suite holds the reference).
        path = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)
                if p and not _inside(os.path.realpath(p), ROOT)
                and not _inside(ROOT, os.path.realpath(p))]
        if path:
            env["PYTHONPATH"] = os.pathsep.join(path)
        env.update(CI="true", TMPDIR=str(tmp), PYTHONIOENCODING="utf-8")
        return env

    # -- grading ---------------------------------------------------------------
    def grade_all(self, subs: list[Submission]) -> list[Graded]:
        results: dict[str, Graded] = {}
        if self.progress:
            self.progress.start(len(subs), self.jobs)
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = {pool.submit(self._grade_safely, i, s): s for i, s in enumerate(subs)}
            try:
                for future in futures:
                    graded = future.result()
                    results[graded.name] = graded
            except BaseException:
                self.interrupted = True
                for proc in list(self.active.values()):
                    self._kill(proc)
                raise
        return [results[s.name] for s in subs]

    def _grade_safely(self, index: int, sub: Submission) -> Graded:
        if self.interrupted:
            return Graded(sub.name, "interrupted", self._finish({}, "interrupted"))
        if self.progress:
            self.progress.began(sub.name)
        started = time.monotonic()
        try:
            graded = self.grade_one(index, sub)
        except Exception as exc:  # noqa: BLE001 - one submission never stops the class
            print(f"grade: {sub.name}: grader error: {exc!r}", file=sys.stderr)
            graded = Graded(sub.name, "grader error", self._finish({}, "grader error"))
        graded.seconds = time.monotonic() - started
        # Written now, kept light: a class of hundreds stays small in memory.
        (self.out / "results").mkdir(parents=True, exist_ok=True)
        write_results_json(self.out / "results" / f"{graded.name}.json", graded, self.lang)
        graded.tests = [{**t, "output": first_line(t["output"])} for t in graded.tests]
        if self.progress:
            self.progress.finished(graded)
        return graded

    def grade_one(self, index: int, sub: Submission) -> Graded:
        folder = self.work / str(index)
        folder.mkdir()
        try:
            try:
                impl = unpack(sub, folder / "sub", self.limits)
            except SubmissionError as exc:
                return Graded(sub.name, str(exc), self._finish({}, str(exc)))
            return self._grade_runs(sub, folder, impl)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _grade_runs(self, sub: Submission, folder: Path, impl: Path) -> Graded:
        deadline = time.monotonic() + self.budget
        decided: dict[str, dict | None] = {}     # name -> entry (None: skipped)
        deaths: Counter = Counter()
        stalls = 0
        status = "ok"
        output = b""
        timed: set[str] = set()       # failed by running out of time
        while True:
            left = [c for c in self.manifest if c["name"] not in decided]
            if not left:
                break
            if self.interrupted:
                status = "interrupted"
                break
            seconds = deadline - time.monotonic()
            if seconds <= 0:
                status = "budget exceeded"
                break
            run = self._run(folder, impl, set(decided), seconds)
            output = output or run.output
            before = len(decided)
            self._take(run, decided, impl, sub.name, timed)
            if run.timed_out:
                status = "budget exceeded"
                break
            if all(c["name"] in decided for c in self.manifest):
                break
            if any(r.get("end") for r in run.log):   # finished, yet some never ran
                for c in self.manifest:
                    if c["name"] not in decided:
                        decided[c["name"]] = self._failed(
                            c["name"], text("not_collected", self.lang))
                break
            # The run ended early: the check it was in fails, the rest go on.
            current, in_setup = _running_check(run.log)
            if current in self.by_name and current not in decided:
                how = _exit_text(run.code)
                decided[current] = self._failed(current, text("run_died", self.lang, how=how))
                topic = self.by_name[current]["topic"]
                deaths[topic] += 1
                why = None
                if in_setup and _first_of_topic(run.log, current, self.by_name):
                    why = text("import_killed", self.lang, how=how)
                elif deaths[topic] >= DEATHS_PER_TOPIC:
                    why = text("topic_given_up", self.lang, n=deaths[topic])
                for c in self.manifest if why else ():
                    if c["topic"] == topic and c["name"] not in decided:
                        decided[c["name"]] = self._failed(c["name"], why)
            stalls = stalls + 1 if len(decided) == before else 0
            if stalls >= STALLS:
                status = "crashed"
                break
        if status == "ok" and timed:
            self._retry(folder, impl, decided, timed, deadline, sub.name)
        if output:
            (self.out / "logs").mkdir(parents=True, exist_ok=True)
            (self.out / "logs" / f"{sub.name}.txt").write_bytes(output)
        return Graded(sub.name, status, self._finish(decided, status))

    def _retry(self, folder: Path, impl: Path, decided: dict, timed: set[str],
               deadline: float, name: str) -> None:
        """One more run of the checks that failed by running out of time (the
        first RETRIES, in order): on a loaded machine a deadline can be missed
        by a correct submission, and grading twice must give the same grades.
        A check passes if either run passed it."""
        again = [c["name"] for c in self.manifest if c["name"] in timed
                 and decided.get(c["name"]) and decided[c["name"]]["status"] == "failed"]
        again = again[:RETRIES]
        seconds = deadline - time.monotonic()
        if not again or seconds <= 0 or self.interrupted:
            return
        keep = {n: decided.pop(n) for n in again}
        run = self._run(folder, impl, set(decided), seconds)
        retried: dict = {}
        self._take(run, retried, impl, name, set())
        for n in again:
            second = retried.get(n)
            decided[n] = second if second and second["status"] == "passed" else keep[n]

    def _failed(self, name: str, why: str) -> dict:
        check = self.by_name[name]
        return {"name": name, "score": 0, "max_score": check["points"], "status": "failed",
                "output": why, "visibility": "visible", "tags": [check["topic"]]}

    def _take(self, run: Run, decided: dict, impl: Path, name: str,
              timed: set[str]) -> None:
        """The verdicts the run's pytest process sent: only checks of the
        manifest, first verdict wins, scores recomputed from the manifest."""
        for record in run.log:
            done = record.get("done")
            if done not in self.by_name or done in decided:
                continue
            if record.get("timed"):
                timed.add(done)
            entry = record.get("entry")
            if record.get("skipped") or not isinstance(entry, dict):
                decided[done] = None
            else:
                decided[done] = self._clean({**entry, "name": done}, impl, name)

    def _clean(self, entry: dict, impl: Path, name: str) -> dict:
        check = self.by_name[entry["name"]]
        passed = entry.get("status") == "passed"
        output = entry.get("output") if isinstance(entry.get("output"), str) else ""
        output = output.replace(str(impl), name)
        if len(output) > OUTPUT_LIMIT:
            output = output[:OUTPUT_LIMIT] + "\n[...]"
        return {"name": check["name"], "score": check["points"] if passed else 0,
                "max_score": check["points"], "status": "passed" if passed else "failed",
                "output": output, "visibility": "visible", "tags": [check["topic"]]}

    def _finish(self, decided: dict, status: str) -> list[dict]:
        """Results entries in manifest order; undecided checks fail."""
        tests = []
        for check in self.manifest:
            name = check["name"]
            if name in decided:
                if decided[name] is not None:
                    tests.append(decided[name])
            else:
                tests.append(self._failed(name, text("not_run", self.lang, status=status)))
        return tests

    # -- one pytest run ----------------------------------------------------------
    def _run(self, folder: Path, impl: Path, skip: set[str], seconds: float) -> Run:
        skip_file = folder / f"skip-{secrets.token_hex(4)}"
        skip_file.write_text("".join(f"{n}\n" for n in sorted(skip)), encoding="utf-8")
        basetemp = folder / f"bt-{secrets.token_hex(4)}"
        tmp = folder / "tmp"
        tmp.mkdir(exist_ok=True)
        if self.namespaces:
            layout, tmpdir = self.layout, Path("/tmp")
        else:
            layout, tmpdir = folder / "suite", tmp
            if not layout.exists():
                shutil.copytree(self.layout, layout, symlinks=False)
        group = _pids_cgroup(self.limits.processes)
        devices = _devices_cgroup() if self.namespaces else None
        config = {"namespaces": self.namespaces, "rlimits": self.limits.rlimits(self.budget),
                  "cgroup": group, "devices_cgroup": devices, "cwd": str(layout),
                  "drop_caps": True}
        if self.namespaces:
            config.update(tmp_bytes=self.limits.tmp_mib << 20, writable=[str(folder)],
                          readable=[str(self.layout)], hide=self._hidden())
        records = _Records()
        command = [sys.executable, "-S", str(JAIL), json.dumps(config), "--",
                   sys.executable, "-m", "pytest", "--sealed", f"--impl={impl}",
                   f"--basetemp={basetemp}", "-p", "no:cacheprovider", "-q",
                   "--continue-on-collection-errors",   # a broken checks file costs its checks only
                   "--lang", self.lang, "-p", "harness.gradelog",
                   f"--grade-fd={records.theirs.fileno()}", f"--grade-skip={skip_file}",
                   *[f"--topic={t}" for t in self.topics]]
        env = self._env(tmpdir)
        if group:
            env["NETLAB_PIDS_CGROUP"] = group
        try:
            proc = self.procs.popen(command, cwd=layout, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    start_new_session=True, pass_fds=(records.theirs.fileno(),))
        finally:
            records.theirs.close()
        self.active[proc.pid] = proc
        reader = _CappedReader(proc.stdout, self.limits.output_kib << 10)
        timed_out = False
        try:
            try:
                code = proc.wait(timeout=max(seconds, 0.1))
            except subprocess.TimeoutExpired:
                timed_out = True
                self._kill(proc)
                try:
                    code = proc.wait(KILL_WAIT)
                except subprocess.TimeoutExpired:   # stuck in the kernel: give up on it
                    code = None
        finally:
            if not self.namespaces:
                kill_session(proc.pid)
            self.active.pop(proc.pid, None)
            self.procs.release(proc)
            reader.finish()
            records.finish()
            _remove_cgroup(group)
            cgroup.remove(devices)
        run = Run(code, timed_out, records.records, reader.data)
        skip_file.unlink()
        shutil.rmtree(basetemp, ignore_errors=True)
        return run

    def _kill(self, proc: subprocess.Popen) -> None:
        if self.namespaces:   # the jail ends its namespace, and all in it
            _signal(proc.pid, signal.SIGTERM)
            try:
                proc.wait(KILL_WAIT)
                return
            except subprocess.TimeoutExpired:
                pass
        kill_session(proc.pid, [proc.pid])

    def _hidden(self) -> list[str]:
        """What a graded run must not see: the suite with its reference, the
        grader's work folder (other submissions), the outputs, the inputs."""
        prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
        root_parts = [ROOT] if not any(_inside(p, ROOT) for p in prefixes) else [
            ROOT / "solutions", ROOT / "mutants", ROOT / ".git"]
        out = set()
        for path in [self.work, self.out, *root_parts, *self.hide]:
            real = os.path.realpath(path)
            # never Python itself (nor "/"): the run needs it
            if os.path.isdir(real) and real != "/" and not any(
                    _inside(p, real) for p in prefixes):
                out.add(real)
        return sorted(out)

    def close(self) -> None:
        self.procs.close()
        shutil.rmtree(self.work, ignore_errors=True)


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _inside(path, folder) -> bool:
    path, folder = str(path), str(folder)
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _copy_layout(root: Path, dest: Path) -> None:
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis")
    for item in LAYOUT_ITEMS:
        src = root / item
        if src.is_dir():
            shutil.copytree(src, dest / item, ignore=ignore, symlinks=False)
        elif src.is_file():
            shutil.copy2(src, dest / item)


DEVICES_ROOT = "/sys/fs/cgroup/devices"
# The devices a graded run may open or make: null, zero, full, random,
# urandom, tty, console, ptmx, the ttys and pseudo-terminals. No block
# device (a raw disk would undo the read-only mounts), no /dev/mem.
ALLOWED_DEVICES = ("c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
                   "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 4:* rwm", "c 136:* rwm")
_devices_counter = iter(range(1 << 62))


def _devices_cgroup() -> str | None:
    """A devices cgroup (v1) for one run, or None where there is none."""
    path = os.path.join(DEVICES_ROOT, f"netlab-grade-{os.getpid()}-{next(_devices_counter)}")
    try:
        os.mkdir(path)
        with open(os.path.join(path, "devices.deny"), "w") as f:
            f.write("a")
        for rule in ALLOWED_DEVICES:
            with open(os.path.join(path, "devices.allow"), "w") as f:
                f.write(rule)
    except OSError:
        cgroup.remove(path)
        return None
    return path


def _pids_cgroup(max_pids: int) -> str | None:
    """A pids cgroup for one run (the sandboxes' groups nest inside it)."""
    return cgroup.create(max_pids, prefix="grade-")


def _grader_gone(pid: str) -> bool:
    """Whether the grader of that pid has ended (its leftovers may go)."""
    try:
        with open(f"/proc/{int(pid)}/cmdline", "rb") as f:
            return b"harness" not in f.read()
    except (OSError, ValueError):
        return True


def clean_stale(temp_root: str) -> None:
    """What a grader killed with SIGKILL left: its work folder and cgroups
    (named after its pid). Its processes ended with it (PDEATHSIG)."""
    import glob
    import re
    for path in glob.glob(os.path.join(temp_root, "netlab-grade-*-*")):
        m = re.fullmatch(r"netlab-grade-(\d+)-\w+", os.path.basename(path))
        if m and os.path.isdir(path) and _grader_gone(m.group(1)):
            shutil.rmtree(path, ignore_errors=True)
    base = cgroup._find_base()
    groups = glob.glob(os.path.join(DEVICES_ROOT, "netlab-grade-*-*"))
    groups += glob.glob(os.path.join(base, "grade-*-*")) if base else []
    for path in groups:
        if _grader_gone(os.path.basename(path).split("-")[-2]):
            _remove_cgroup(path)


def _remove_cgroup(path: str | None) -> None:
    """The run's pids cgroup and any group a killed sandbox left inside it."""
    if not path:
        return
    for folder, dirs, _ in os.walk(path, topdown=False):
        for d in dirs:
            cgroup.remove(os.path.join(folder, d))
    cgroup.remove(path)


def _namespaces_work(isolation: str) -> bool:
    if isolation == "session" or not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    config = {"namespaces": True, "tmp_bytes": 1 << 20, "cwd": "/"}
    try:
        # The probe runs this interpreter inside the fence: one that lives
        # under /tmp (a venv in a clone there) is hidden by the fresh /tmp,
        # and the runs fall back to session isolation.
        done = subprocess.run([sys.executable, "-S", str(JAIL), json.dumps(config), "--",
                               sys.executable, "-S", "-c", "pass"],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _exit_text(code: int | None) -> str:
    if code is None:
        return "killed"
    if code < 0 or code > 128:
        try:
            return f"killed by {signal.Signals(abs(code) - (128 if code > 0 else 0)).name}"
        except ValueError:
            pass
    return f"exit status {code}"


def _running_check(log: list[dict]) -> tuple[str | None, bool]:
    """The check that had started and not finished when the run ended, and
    whether it was still in its setup."""
    current, in_setup = None, False
    for record in log:
        if "start" in record:
            current, in_setup = record["start"], True
        elif record.get("call") == current:
            in_setup = False
        elif "done" in record and record["done"] == current:
            current = None
    return current, in_setup


def _first_of_topic(log: list[dict], name: str, by_name: dict) -> bool:
    """Whether `name` was the first check of its topic this run started (the
    one whose setup imports the topic's module)."""
    topic = by_name[name]["topic"]
    for record in log:
        started = record.get("start")
        if started in by_name and by_name[started]["topic"] == topic:
            return started == name
    return False


def _read_json(path: Path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


class _CappedReader:
    """Drains a pipe in a thread, keeping its first `cap` bytes."""

    def __init__(self, pipe, cap: int):
        self.pipe, self.cap = pipe, cap
        self.buffer = bytearray()
        self.total = 0
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        try:
            while chunk := self.pipe.read1(1 << 16):
                self.total += len(chunk)
                room = self.cap - len(self.buffer)
                if room > 0:
                    self.buffer += chunk[:room]
        except (OSError, ValueError):
            pass

    def finish(self) -> None:
        self.thread.join(KILL_WAIT)
        try:
            self.pipe.close()
        except OSError:
            pass

    @property
    def data(self) -> bytes:
        extra = self.total - len(self.buffer)
        tail = f"\n[... {extra} more bytes of output dropped]\n".encode() if extra > 0 else b""
        return bytes(self.buffer) + tail


# -- outputs -------------------------------------------------------------------------------

def fmt(value: float) -> str:
    return f"{value:g}"


def write_outputs(out: Path, graded: list[Graded], manifest: list[dict], topic_names: list[str],
                  lang: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "checks.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                     encoding="utf-8")
    rows = [row_of(g, topic_names) for g in graded]
    write_csv(out / "grades.csv", topic_names, rows)
    from . import report_html
    report_html.write(out / "report.html", rows, topic_names, manifest,
                      {g.name: g.tests for g in graded}, lang)


def write_results_json(path: Path, g: Graded, lang: str) -> None:
    data = {
        "score": sum(t["score"] for t in g.tests),
        "max_score": sum(t["max_score"] for t in g.tests),
        "visibility": "visible",
        "stdout_visibility": "visible",
        "output": text("output", lang, name=g.name, status=g.status),
        "tests": g.tests,
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8",
                    errors="surrogateescape")


@dataclass
class Row:
    name: str
    points: dict[str, float]
    maximum: dict[str, float]
    status: str

    @property
    def total(self) -> float:
        return sum(self.points.values())


def row_of(g: Graded, topic_names: list[str]) -> Row:
    points = {t: 0.0 for t in topic_names}
    maximum = {t: 0.0 for t in topic_names}
    for test in g.tests:
        topic = test["tags"][0]
        if topic in points:
            points[topic] += test["score"]
            maximum[topic] += test["max_score"]
    return Row(g.name, points, maximum, g.status)


def write_csv(path: Path, topic_names: list[str], rows: list[Row]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *topic_names, "total", "status"])
    for row in sorted(rows, key=lambda r: r.name):
        writer.writerow([row.name, *(fmt(row.points.get(t, 0)) for t in topic_names),
                         fmt(row.total), row.status])
    path.write_bytes(buffer.getvalue().encode("utf-8", errors="replace"))


def read_csv(path: Path) -> tuple[list[str], list[Row]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        topic_names = header[1:-2]
        rows = []
        for record in reader:
            if not record:
                continue
            points = {t: float(v) for t, v in zip(topic_names, record[1:-2])}
            rows.append(Row(record[0], points, {}, record[-1]))
    return topic_names, rows


# -- progress ------------------------------------------------------------------------------

class Progress:
    """done / running / failed and an ETA on stderr: a redrawn bar on a
    terminal, one line per finished submission elsewhere."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.lock = threading.Lock()
        self.total = self.done = self.failed = 0
        self.running: set[str] = set()
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = None

    def start(self, total: int, jobs: int) -> None:
        self.total, self.started = total, time.monotonic()
        if not self.tty:
            self.stream.write(f"grade: {total} submission(s), {jobs} at a time\n")
            self.stream.flush()
        else:
            self._thread = threading.Thread(target=self._redraw_loop, daemon=True)
            self._thread.start()

    def began(self, name: str) -> None:
        with self.lock:
            self.running.add(name)

    def finished(self, g: Graded) -> None:
        with self.lock:
            self.running.discard(g.name)
            self.done += 1
            self.failed += g.status != "ok"
            if not self.tty:
                maximum = sum(t["max_score"] for t in g.tests)
                self.stream.write(f"[{self.done}/{self.total}] {g.name}: {fmt(g.total)}/"
                                  f"{fmt(maximum)} {g.status} ({g.seconds:.1f} s)\n")
                self.stream.flush()
            else:
                self._draw()

    def _eta(self) -> str:
        if not self.done:
            return "?"
        left = (time.monotonic() - self.started) / self.done * (self.total - self.done)
        return f"{int(left // 60)}m{int(left % 60):02d}s"

    def _draw(self) -> None:
        width = 30
        filled = int(width * self.done / max(self.total, 1))
        bar = "█" * filled + "░" * (width - filled)
        line = (f"\r\033[K[{bar}] {self.done}/{self.total} done · {len(self.running)} running"
                f" · {self.failed} failed · ETA {self._eta()}")
        self.stream.write(line)
        self.stream.flush()

    def _redraw_loop(self) -> None:
        while not self._stop.wait(0.5):
            with self.lock:
                self._draw()

    def close(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(2)
            with self.lock:
                self._draw()
                self.stream.write("\n")
        elapsed = time.monotonic() - self.started
        self.stream.write(f"grade: {self.done} graded in {elapsed:.1f} s, "
                          f"{self.failed} not ok\n")
        self.stream.flush()


# -- entry points ----------------------------------------------------------------------------

def grade(submissions: Path, out: Path, *, jobs: int = 0, budget: float = DEFAULT_BUDGET,
          shard_spec: str | None = None, topics_: list[str] = (), lang: str = "en",
          limits: Limits = Limits(), isolation: str = "auto", single: bool = False,
          quiet: bool = False) -> list[Graded]:
    out = Path(out)
    subs = [s for s in shard(find_submissions(submissions, single), shard_spec)
            if s.path.resolve() != out.resolve()]
    out.mkdir(parents=True, exist_ok=True)
    (out / "results").mkdir(exist_ok=True)
    progress = None if quiet else Progress()
    hide = [submissions] if Path(submissions).is_dir() else [Path(submissions).parent]
    grader = Grader(out, jobs=jobs, budget=budget, topics_=topics_, lang=lang, limits=limits,
                    isolation=isolation, hide=hide, progress=progress)
    previous = _term_as_interrupt()
    try:
        grader.prepare()
        graded = grader.grade_all(subs)
        write_outputs(out.resolve(), graded, grader.manifest, grader.topic_names, lang)
        return graded
    finally:
        signal.signal(signal.SIGTERM, previous)
        grader.close()
        if progress:
            progress.close()


def _term_as_interrupt():
    def handler(signum, frame):
        raise KeyboardInterrupt
    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:   # not the main thread
        return signal.getsignal(signal.SIGTERM)


def merge(dirs: list[Path], out: Path, lang: str = "en") -> list[Row]:
    """Join the outputs of shards into one grades.csv, results/ and report."""
    out = Path(out)
    rows: dict[str, Row] = {}
    tests: dict[str, list[dict]] = {}
    manifest: dict[str, dict] = {}
    seen_topics: set[str] = set()
    for d in dirs:
        d = Path(d)
        names, part = read_csv(d / "grades.csv")
        seen_topics.update(names)
        for check in _read_json(d / "checks.json") or []:
            manifest.setdefault(check["name"], check)
        for row in part:
            if row.name in rows:
                print(f"merge: {row.name} is in more than one shard; keeping the one from {d}",
                      file=sys.stderr)
            data = _read_json(d / "results" / f"{row.name}.json") or {}
            tests[row.name] = [t for t in data.get("tests", []) if isinstance(t, dict)]
            rows[row.name] = row
            if d.resolve() != out.resolve():
                (out / "results").mkdir(parents=True, exist_ok=True)
                src = d / "results" / f"{row.name}.json"
                if src.exists():
                    shutil.copyfile(src, out / "results" / f"{row.name}.json")
    topic_names = [t.name for t in topics.TOPICS if t.name in seen_topics]
    for name, row in rows.items():
        row.maximum = {t: 0.0 for t in topic_names}
        for test in tests.get(name, []):
            topic = (test.get("tags") or [""])[0]
            if topic in row.maximum:
                row.maximum[topic] += test.get("max_score", 0)
    checks = [manifest[k] for k in sorted(manifest, key=lambda n: (
        topics.ORDER.get(manifest[n]["topic"], 99), list(manifest).index(n)))]
    out.mkdir(parents=True, exist_ok=True)
    ordered = sorted(rows.values(), key=lambda r: r.name)
    write_csv(out / "grades.csv", topic_names, ordered)
    (out / "checks.json").write_text(json.dumps(checks, ensure_ascii=False, indent=1) + "\n",
                                     encoding="utf-8")
    from . import report_html
    report_html.write(out / "report.html", ordered, topic_names, checks, tests, lang)
    return ordered
