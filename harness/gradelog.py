"""The batch grader's side of a graded pytest run (`-p harness.gradelog`).

    --grade-manifest PATH   after collection: every selected check (name,
                            topic, points, hint) as JSON, in run order
    --grade-log PATH        as the run goes: one JSON line when a check starts
                            ({"start": name}) and one with its results entry
                            when it is over (as --results-json writes it), and
                            {"end": true} when the session finishes
    --grade-skip PATH       deselect the checks named in PATH (one a line):
                            those a killed run already decided

Why a log: a submission may kill the pytest process that grades it. The
grader then keeps every verdict the log holds, fails the check that was
running, and starts a new run for the rest (see harness/grade.py).

Before the results are written every sealed host is ended, so no process of
the submission is alive when the results file is written.
"""
from __future__ import annotations

import json

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("netlab grading (used by python -m harness grade)")
    group.addoption("--grade-manifest", default=None, metavar="PATH",
                    help="write the selected checks (name, topic, points, hint) to PATH")
    group.addoption("--grade-log", default=None, metavar="PATH",
                    help="log each check's start and results entry to PATH")
    group.addoption("--grade-skip", default=None, metavar="PATH",
                    help="deselect the checks named in PATH, one a line")


class _Log:
    file = None

    @classmethod
    def write(cls, record: dict) -> None:
        if cls.file is not None:
            cls.file.write(json.dumps(record, ensure_ascii=False) + "\n")
            cls.file.flush()


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("grade_log")
    if path and not hasattr(config, "workerinput"):
        _Log.file = open(path, "a", encoding="utf-8")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _Log.file is not None:
        _Log.file.close()
        _Log.file = None


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


@pytest.hookimpl(trylast=True)   # after the plugin's Results took the report in
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown" or _Log.file is None:
        return
    from . import plugin
    results = _config.stash[plugin.RESULTS_KEY] if _config else None
    check = results.checks.get(report.nodeid) if results else None
    if check is None:
        return
    if check.outcome == "skipped":
        _Log.write({"done": check.nodeid, "skipped": True})
        return
    _Log.write({"done": check.nodeid, "entry": {
        "name": check.nodeid, "score": check.score, "max_score": check.points,
        "status": "passed" if check.outcome == "passed" else "failed",
        "output": "\n\n".join(check.output), "visibility": "visible",
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
