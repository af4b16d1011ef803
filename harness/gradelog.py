"""The batch grader's side of a graded pytest run (`-p harness.gradelog`).

    --grade-manifest PATH   after collection: every selected check (name,
                            topic, points, hint) as JSON, in run order
    --grade-fd N            as the run goes, one message on descriptor N (a
                            SOCK_SEQPACKET socket from the grader) per event:
                            {"hello": true} at start, {"start": name} when a
                            check starts, {"call": name} when its setup is
                            over, {"done": name, "entry": {...}, "timed":
                            bool} with its results entry (as --results-json
                            writes it) and whether it failed by running out
                            of time, when it is over, {"end": true} when the session
                            finishes
    --grade-skip PATH       deselect the checks named in PATH (one a line):
                            those a killed run already decided

Why a socket and not a file: the grader enables SO_PASSCRED on its end, so the
kernel tells it which process sent each message; it keeps only those of the
pytest process that said hello (before any code of the submission ran).
Processes of the submission (forked from pytest, so holding the descriptor
too) can send, but not as that process: without CAP_SYS_ADMIN, which the
grading run lacks, they cannot forge their credentials. A results file can be
forged by a submission running as root; this cannot.

Why a stream: a submission may kill the pytest process grading it. The grader
then keeps every verdict already sent, fails the check that was running, and
starts a new run for the rest (see harness/grade.py).

Before the end is sent every sealed host is ended, so no process of the
submission is alive when the run declares itself finished.
"""
from __future__ import annotations

import json
import socket

import pytest

OUTPUT_LIMIT = 8000   # characters of a check's output sent (a message stays small)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("netlab grading (used by python -m harness grade)")
    group.addoption("--grade-manifest", default=None, metavar="PATH",
                    help="write the selected checks (name, topic, points, hint) to PATH")
    group.addoption("--grade-fd", default=None, type=int, metavar="N",
                    help="send each check's start and results entry on socket descriptor N")
    group.addoption("--grade-skip", default=None, metavar="PATH",
                    help="deselect the checks named in PATH, one a line")


class _Log:
    sock: socket.socket | None = None

    @classmethod
    def write(cls, record: dict) -> None:
        if cls.sock is not None:
            try:
                cls.sock.send(json.dumps(record, ensure_ascii=False).encode("utf-8",
                                                                           "replace"))
            except OSError:
                cls.sock = None   # the grader is gone or the socket was broken


def pytest_configure(config: pytest.Config) -> None:
    fd = config.getoption("grade_fd")
    if fd is not None and not hasattr(config, "workerinput"):
        _Log.sock = socket.socket(fileno=fd)
        _Log.write({"hello": True})


def pytest_unconfigure(config: pytest.Config) -> None:
    if _Log.sock is not None:
        _Log.sock.close()
        _Log.sock = None


@pytest.hookimpl(trylast=True)   # after the plugin has sorted and tagged the checks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_path = config.getoption("grade_skip")
    if skip_path:
        with open(skip_path, encoding="utf-8") as f:
            skip = {line.rstrip("\n") for line in f if line.strip()}
        drop = [item for item in items if item.nodeid in skip]
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = [item for item in items if item.nodeid not in skip]
    manifest = config.getoption("grade_manifest")
    if manifest:
        checks = []
        for item in items:
            props = dict(item.user_properties)
            if "topic" in props:
                checks.append({"name": item.nodeid, "topic": props["topic"],
                               "points": props["points"], "hint": props.get("hint", "")})
        with open(manifest, "w", encoding="utf-8") as f:
            json.dump(checks, f, ensure_ascii=False, indent=1)


def pytest_runtest_logstart(nodeid: str, location) -> None:
    _Log.write({"start": nodeid})


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    # the setup is over: a death from here on is not the topic's import
    _Log.write({"call": item.nodeid})


_TIMED: set[str] = set()   # checks that failed by running out of time


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    yield
    if call.excinfo is not None and _ran_out_of_time(call.excinfo.value):
        _TIMED.add(item.nodeid)


def _ran_out_of_time(exc: BaseException, depth: int = 0) -> bool:
    """A deadline, a sandbox timeout or pytest-timeout, anywhere in the chain."""
    from .deadline import DeadlineExceeded
    from .sandbox import SandboxTimeout
    if exc is None or depth > 20:
        return False
    if isinstance(exc, (DeadlineExceeded, SandboxTimeout)) or (
            type(exc).__name__ == "Failed" and str(exc).startswith("Timeout")):
        return True
    if isinstance(exc, BaseExceptionGroup):
        return any(_ran_out_of_time(e, depth + 1) for e in exc.exceptions)
    return _ran_out_of_time(exc.__cause__ or exc.__context__, depth + 1)


@pytest.hookimpl(trylast=True)   # after the plugin's Results took the report in
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown" or _Log.sock is None:
        return
    from . import plugin
    results = _config.stash[plugin.RESULTS_KEY] if _config else None
    check = results.checks.get(report.nodeid) if results else None
    if check is None:
        return
    if check.outcome == "skipped":
        _Log.write({"done": check.nodeid, "skipped": True})
        return
    _Log.write({"done": check.nodeid, "timed": check.nodeid in _TIMED, "entry": {
        "name": check.nodeid, "score": check.score, "max_score": check.points,
        "status": "passed" if check.outcome == "passed" else "failed",
        "output": "\n\n".join(check.output)[:OUTPUT_LIMIT], "visibility": "visible",
        "tags": [check.topic]}})


_config: pytest.Config | None = None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    global _config
    _config = session.config


def pytest_sessionfinish(session: pytest.Session, exitstatus) -> None:
    # Runs inside the plugin's wrapper, so before the results file is written:
    # end the submission's hosts first, so none of its code is running then.
    from . import sealed
    sealed.close_hosts()
    _Log.write({"end": True, "exitstatus": int(exitstatus)})
