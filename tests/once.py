"""Run an expensive setup once per test session, even under pytest-xdist.

A module-scoped fixture runs once per xdist worker that runs any test of the
module: for the grader's tests (a grading run of minutes) that would grade
the same class on every worker at once. `once()` runs it in the first worker
that asks, under a file lock in the folder all workers share, and hands the
others its (JSON) result.
"""
from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path


def shared_root(tmp_path_factory) -> Path:
    """The temp folder of this session that every xdist worker sees."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def once(tmp_path_factory, name: str, make) -> dict:
    """`make(folder)` (a new folder) -> JSON-able data, made once per session."""
    root = shared_root(tmp_path_factory)
    result = root / f"{name}.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if result.exists():
            return json.loads(result.read_text())
        folder = root / name
        folder.mkdir(exist_ok=True)
        data = make(folder)
        result.write_text(json.dumps(data))
        return data
