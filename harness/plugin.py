"""The netlab pytest plugin: options, implementation selection, guards.

Registered from the root conftest.py. Each concern lives in its own module
(impl, sandbox, leaks, deadline, messages, reporting); this one wires them to
pytest's hooks. Plugin state lives in `config.stash`.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import impl, leaks, messages, reporting, topics
from .hypothesis_profiles import load_profile

load_profile()

RESULTS_KEY = pytest.StashKey["reporting.Results"]()
SNAPSHOT_KEY = pytest.StashKey["leaks.Snapshot"]()
IMPL_DEFAULT = "exercises"


class LeakError(AssertionError):
    """The check left processes, descriptors or threads behind."""


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("netlab")
    group.addoption(
        "--impl", default=None, metavar="NAME|PATH",
        help="implementation to check: 'exercises' (default), 'solutions', or "
             "a folder of topic modules. Also: ini 'impl', env NETLAB_IMPL.")
    group.addoption(
        "--topic", action="append", default=[], metavar="NAME",
        help="run only the checks of this topic (repeatable), e.g. --topic framing")
    group.addoption(
        "--results-json", default=None, metavar="PATH",
        help="write Gradescope-format results (score, max_score, tests) to PATH")
    parser.addini("impl", "implementation to check (see --impl)", default=None)


def _resolve_impl(config: pytest.Config) -> tuple[str, Path]:
    value = (config.getoption("impl") or os.environ.get("NETLAB_IMPL")
             or config.getini("impl") or IMPL_DEFAULT)
    root = config.rootpath
    if value in ("exercises", "solutions"):
        folder = root / value
    else:
        folder = (config.invocation_params.dir / value).resolve()
    if not folder.is_dir():
        raise pytest.UsageError(
            f"--impl {value!r}: no such folder ({folder}); use 'exercises', "
            "'solutions' or the path of a folder holding topic modules")
    return value, folder.resolve()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "points(n): how many points the check is worth (default 1)")
    for name in config.getoption("topic"):
        if name not in topics.BY_NAME:
            raise pytest.UsageError(
                f"--topic {name!r}: unknown topic; known: "
                + ", ".join(t.name for t in topics.TOPICS))
    label, folder = _resolve_impl(config)
    reference = folder == (config.rootpath / "solutions").resolve()
    impl.configure(folder, allow_reference=reference,
                   reference_dir=config.rootpath / "solutions")
    results = reporting.Results(label, folder)
    config.stash[RESULTS_KEY] = results
    config.pluginmanager.register(results, "netlab-results")


def pytest_unconfigure(config: pytest.Config) -> None:
    impl.unconfigure()


def pytest_report_header(config: pytest.Config) -> str:
    results = config.stash[RESULTS_KEY]
    return f"netlab implementation: {results.label} ({results.folder})"


def topic_of(item: pytest.Item) -> str | None:
    """The topic of a check: checks/test_<topic>.py; None for other tests."""
    path = Path(str(item.path))
    if path.parent.name == "checks" and path.stem.startswith("test_"):
        name = path.stem[len("test_"):]
        if name in topics.BY_NAME:
            return name
    return None


def pytest_collection_modifyitems(config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    wanted = set(config.getoption("topic"))
    keep, drop = [], []
    for item in items:
        name = topic_of(item)
        if wanted and name not in wanted:
            drop.append(item)
            continue
        keep.append(item)
        if name:
            marker = item.get_closest_marker("points")
            points = marker.args[0] if marker else 1
            item.user_properties += [("topic", name), ("points", points),
                                     ("hint", messages.hint_of(item))]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    name = topic_of(item)
    if name:
        # Import (or probe) the topic's module now, outside the check's own
        # deadlines, so a slow or hanging import is reported as what it is.
        try:
            impl.load(name)
        except impl.ImplementationError:
            pass  # the check meets it again, as its failure
        item.stash[SNAPSHOT_KEY] = leaks.snapshot()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem):
    yield
    before = item.stash.get(SNAPSHOT_KEY, None)
    if before is not None:
        problems = leaks.check(before)
        if problems:
            raise LeakError("the check left things behind (cleaned up now):\n  "
                            + "\n  ".join(problems))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    yield
    # Hypothesis would turn failing examples into patch files (when libcst is
    # installed): noise for a student, and files left behind for a grader.
    item.__dict__.pop("_hypothesis_failing_examples", None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed and call.excinfo is not None and topic_of(item):
        text = messages.failure_text(item, call.excinfo, rep.when)
        # A new list: pytest shares one list between the item and its reports.
        rep.user_properties = [*rep.user_properties, ("summary", text)]
        if messages.short_mode(item.config):
            rep.longrepr = text


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if hasattr(config, "workerinput"):
        return
    reporting.write_summary(terminalreporter, config.stash[RESULTS_KEY])


def pytest_sessionfinish(session: pytest.Session, exitstatus) -> None:
    config = session.config
    path = config.getoption("results_json")
    if path and not hasattr(config, "workerinput"):
        reporting.write_json(config.stash[RESULTS_KEY],
                          config.invocation_params.dir / path)
