"""Fixtures for the harness's own tests.

Most tests build a tiny throw-away check suite (its own conftest registering
harness.plugin, a pytest.ini, checks/test_<topic>.py and implementation
folders) and run pytest on it in a subprocess, like pytester's
runpytest_subprocess (the plugin forks and installs import hooks, so never
in-process), but under tests/reaper.py: a child subreaper that reports every
process the run left behind (PID 1 here never reaps orphans, so they would
otherwise vanish from view). Results are read from --results-json.

`suite` is a fresh suite in the pytester folder, for one test. A module that
asserts many things about one run builds it once with `make_suite` in a
module-scoped fixture (a pytest start costs about a second here).
"""
from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
REAPER = TESTS / "reaper.py"
RUN_SECONDS = 60.0


def harness_env() -> dict[str, str]:
    """The environment of a `python -m harness` child: without the caller's
    NETLAB_ and PYTEST_ settings, with this repository importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETLAB_", "PYTEST_"))}
    env["PYTHONPATH"] = str(REPO)
    return env


def copy_reference(dest: Path, topic_names) -> Path:
    """A submission folder `dest` holding the reference modules of `topic_names`."""
    dest.mkdir(parents=True)
    for name in topic_names:
        shutil.copy(REPO / "solutions" / f"{name}.py", dest / f"{name}.py")
    return dest

INI = """\
[pytest]
testpaths = checks
timeout = 60
timeout_method = signal
filterwarnings =
    ignore:.*fork.*may lead to deadlocks in the child.*:DeprecationWarning
"""

CONFTEST = 'pytest_plugins = ["harness.plugin"]\n'

_DROPPED_ENV = ("CI", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_CURRENT_TEST",
                "PYTHONDONTWRITEBYTECODE", "NETLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


@dataclass
class Run:
    """One finished pytest run of a throw-away suite."""
    args: tuple[str, ...]
    ret: int
    stdout: str
    stderr: str
    results: dict | None
    leftovers: list[str] = field(default_factory=list)

    @property
    def tests(self) -> dict[str, dict]:
        """Results-JSON entries by check name: 'test_x' or 'test_x[param]'."""
        assert self.results is not None, f"no results JSON\n{self.text}"
        return {t["name"].split("::", 1)[1]: t for t in self.results["tests"]}

    def test(self, name: str) -> dict:
        """The results-JSON entry of the check `name`."""
        tests = self.tests
        assert name in tests, f"{name} not in {sorted(tests)}\n{self.text}"
        return tests[name]

    def output(self, name: str) -> str:
        return self.test(name)["output"]

    @property
    def text(self) -> str:
        return (f"--- pytest {' '.join(self.args)} (exit {self.ret})\n"
                f"--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}")


class Suite:
    """A throw-away check suite in a folder, and how to run pytest on it."""

    def __init__(self, path: Path, pycache: str):
        self.path = path
        self._pycache = pycache
        self._runs = itertools.count()
        self.write("conftest.py", CONFTEST)
        self.write("pytest.ini", INI)
        for folder in ("checks", "exercises", "solutions"):
            (path / folder).mkdir(exist_ok=True)

    def write(self, relpath: str, source: str) -> Path:
        """Write `source` (dedented) to `relpath` under the suite folder."""
        path = self.path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"))
        return path

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in _DROPPED_ENV
               and not k.startswith(("NETLAB_", "PYTEST_XDIST", "HYPOTHESIS"))}
        # the harness from this repo; a bytecode cache, since without one
        # pytest assertion-rewrites all of Hypothesis again on every run
        env.update(PYTHONPATH=str(REPO), PYTHONPYCACHEPREFIX=self._pycache)
        env.update(extra or {})
        return env

    def run(self, *args: str, env: dict[str, str] | None = None,
            results: bool = True, seconds: float = RUN_SECONDS,
            cache: bool = False) -> Run:
        """Run pytest on the suite in a subprocess, under the reaper (with
        pytest's cache only when `cache`: --sw, --lf, the topic-done line)."""
        n = next(self._runs)
        report = self.path / f"reaper-{n}.json"
        out = self.path / f"out-{n}.json"
        extra = [f"--results-json={out.name}"] if results else []
        command = [sys.executable, str(REAPER), str(report), str(seconds), "--",
                   sys.executable, "-m", "pytest",
                   f"--basetemp={self.path / f'basetemp-{n}'}",
                   *([] if cache else ["-p", "no:cacheprovider"]), *extra, *args]
        # files, not pipes: a leftover process must not keep us waiting
        stdout, stderr = self.path / f"stdout-{n}", self.path / f"stderr-{n}"
        with stdout.open("w") as fo, stderr.open("w") as fe:
            proc = subprocess.run(command, cwd=self.path, env=self.env(env),
                                  stdin=subprocess.DEVNULL, stdout=fo, stderr=fe,
                                  timeout=seconds + 30)
        reaped = json.loads(report.read_text())
        run = Run(tuple(args), proc.returncode, stdout.read_text(),
                  stderr.read_text(),
                  json.loads(out.read_text()) if out.exists() else None,
                  reaped["leftovers"])
        assert not reaped["timed_out"], f"ran out of time ({seconds} s)\n{run.text}"
        return run


@pytest.fixture(scope="session")
def pycache(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("pycache"))


@pytest.fixture(scope="session")
def make_suite(tmp_path_factory: pytest.TempPathFactory, pycache: str):
    """Factory: a new suite in a fresh temp folder (for module-scoped runs)."""
    def make(name: str = "suite") -> Suite:
        return Suite(tmp_path_factory.mktemp(name), pycache)
    return make


@pytest.fixture
def suite(pytester: pytest.Pytester, pycache: str) -> Suite:
    """A fresh throw-away suite in the pytester folder."""
    return Suite(pytester.path, pycache)
