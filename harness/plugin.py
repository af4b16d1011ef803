"""The netlab pytest plugin: options, implementation selection, guards.

Registered from the root conftest.py. Each concern lives in its own module
(impl, sandbox, leaks, deadline, messages, reporting); this one wires them to
pytest's hooks. Plugin state lives in `config.stash`.
"""
from __future__ import annotations

import os
import random
import types
from pathlib import Path

import pytest

from . import i18n, impl, leaks, messages, reporting, sealed, topics
from .hypothesis_profiles import load_profile

load_profile()

RESULTS_KEY = pytest.StashKey["reporting.Results"]()
SNAPSHOT_KEY = pytest.StashKey["leaks.Snapshot"]()
COMPACT_KEY = pytest.StashKey[bool]()
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
    group.addoption(
        "--lang", default=None, choices=i18n.LANGS,
        help="language of descriptions, hints and the summary: 'zh' (中文) or 'en'. "
             "Also: env NETLAB_LANG, ini 'lang'; default: zh when the locale "
             "(LC_ALL, LC_MESSAGES, LANG) starts with zh, else en.")
    group.addoption(
        "--all-failures", action="store_true", default=False,
        help="show every failure in full (by default only those of the topic "
             "you are on; other topics are counted in the table). -v does too.")
    group.addoption(
        "--sealed", action="store_true", default=False,
        help="grading mode: the implementation's code runs only in sandbox "
             "processes, never in the pytest process that decides the verdicts, "
             "and cannot reach the reference solutions (python -m harness grade "
             "always uses it)")
    group.addoption(
        "--shuffle", type=int, default=None, metavar="SEED",
        help="run the checks in a random order fixed by SEED (an integer), to "
             "show a check that passes only after another one; the same SEED "
             "gives the same order (python -m harness soak uses it)")
    parser.addini("impl", "implementation to check (see --impl)", default=None)
    parser.addini("lang", "language: zh or en (see --lang)", default=None)


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


@pytest.hookimpl(trylast=True)   # after the terminal reporter exists
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "points(n): how many points the check is worth (default 1)")
    for name in config.getoption("topic"):
        if name not in topics.BY_NAME:
            raise pytest.UsageError(
                f"--topic {name!r}: unknown topic; known: "
                + ", ".join(t.name for t in topics.TOPICS))
    try:
        i18n.set_lang(i18n.choose(config.getoption("lang"), os.environ.get("NETLAB_LANG"),
                                  config.getini("lang")))
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[COMPACT_KEY] = (messages.short_mode(config)
                                 and not config.getoption("all_failures"))
    label, folder = _resolve_impl(config)
    reference = folder == (config.rootpath / "solutions").resolve()
    impl.configure(folder, allow_reference=reference,
                   reference_dir=config.rootpath / "solutions")
    if config.getoption("sealed"):
        sealed.enable(None if reference else config.rootpath / "solutions")
    results = reporting.Results(label, folder)
    config.stash[RESULTS_KEY] = results
    config.pluginmanager.register(results, "netlab-results")
    if messages.short_mode(config):
        config.pluginmanager.register(ShortReports(), "netlab-short-reports")
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    if config.stash[COMPACT_KEY] and terminal is not None:
        terminal.showfspath = False
        config.option.no_header = True
        config.pluginmanager.register(CompactProgress(terminal), "netlab-progress")


def pytest_unconfigure(config: pytest.Config) -> None:
    sealed.close_hosts()
    impl.unconfigure()


def _header(config: pytest.Config) -> str:
    results = config.stash[RESULTS_KEY]
    folder = impl.display_path(str(results.folder))
    label = results.label if folder == results.label else f"{results.label} ({folder})"
    return i18n.msg("header", label=label, lang=i18n.NAMES[i18n.lang()])


def pytest_report_header(config: pytest.Config) -> str:
    return _header(config)


def pytest_report_collectionfinish(config: pytest.Config) -> str | None:
    # Compact mode drops pytest's header (platform, plugins, timeouts...) to
    # keep the first run on one screen; this line is the part that matters.
    return _header(config) if config.option.no_header and config.stash[COMPACT_KEY] else None


def topic_of(item: pytest.Item) -> str | None:
    """The topic of a check: checks/test_<topic>.py; None for other tests."""
    path = Path(str(item.path))
    if path.parent.name == "checks" and path.stem.startswith("test_"):
        name = path.stem[len("test_"):]
        if name in topics.BY_NAME:
            return name
    return None


@pytest.hookimpl(tryfirst=True)   # before --sw and --lf look at the order
def pytest_collection_modifyitems(config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    # Learning order (CURRICULUM.md), file order within a topic; a stable
    # sort, and the same in every xdist worker.
    items.sort(key=lambda item: topics.ORDER.get(topic_of(item), -1))
    seed = config.getoption("shuffle")
    if seed is not None:
        # Seeded, so every xdist worker collects the same order.
        random.Random(seed).shuffle(items)
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
    inside = sealed.end_check()
    before = item.stash.get(SNAPSHOT_KEY, None)
    if before is not None:
        problems = inside + leaks.check(before)
        if problems:
            raise LeakError(i18n.msg("leak_intro") + "\n  " + "\n  ".join(problems))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    yield
    # Hypothesis would turn failing examples into patch files (when libcst is
    # installed): noise for a student, and files left behind for a grader.
    item.__dict__.pop("_hypothesis_failing_examples", None)


def _failure_props(item: pytest.Item, call: pytest.CallInfo) -> list | None:
    """[summary, kind, origin] properties of a failed check, or None."""
    excinfo = call.excinfo
    if (excinfo is None or not topic_of(item)
            or excinfo.errisinstance(pytest.skip.Exception)
            or item.get_closest_marker("xfail")):
        return None
    kind, origin = messages.kind_of(excinfo.value)
    return [("summary", messages.failure_text(item, excinfo, call.when)),
            ("kind", kind), ("origin", origin)]


class ShortReports:
    """Short mode: a failed check's short text is its whole report, so
    pytest's long traceback (most of the cost of a failing check) is never
    built. Registered only in short mode."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        props = _failure_props(item, call)
        if props is None:
            return None
        # from_item_and_call takes a non-ExceptionInfo excinfo as the longrepr.
        short = types.SimpleNamespace(when=call.when, duration=call.duration,
                                      start=call.start, stop=call.stop,
                                      excinfo=props[0][1])
        rep = pytest.TestReport.from_item_and_call(item, short)
        # A new list: pytest shares one list between the item and its reports.
        rep.user_properties = [*rep.user_properties, *props]
        return rep


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed and "kind" not in dict(rep.user_properties):   # long mode
        props = _failure_props(item, call)
        if props:
            rep.user_properties = [*rep.user_properties, *props]


class CompactProgress:
    """Compact mode: no letter per check and no file names while the run
    goes (a thousand checks would fill the screen); a live count on a
    terminal instead. The table at the end says what happened."""

    def __init__(self, terminal):
        self.terminal = terminal
        self.session = None
        self.done = 0
        self.drawn = False
        self.running = True

    def pytest_sessionstart(self, session) -> None:
        self.session = session

    @pytest.hookimpl(wrapper=True)
    def pytest_report_teststatus(self, report, config):
        category, letter, word = yield
        if self.running and "topic" in dict(report.user_properties):
            return category, "", ""
        return category, letter, word   # the closing summaries keep pytest's words

    def pytest_runtest_logreport(self, report) -> None:
        if report.when != "teardown" or not self.terminal.isatty:
            return
        self.done += 1
        total = getattr(self.session, "testscollected", 0) or "?"
        self.terminal.rewrite(i18n.msg("progress", done=self.done, total=total), erase=True)
        self.drawn = True

    def clear(self) -> None:
        self.running = False
        if self.drawn:
            self.terminal.rewrite("", erase=True)
            self.terminal.rewrite("")
            self.drawn = False


def _shown_in_full(report, current: str | None) -> bool:
    """Compact mode shows in full only the real failures of the current topic."""
    props = dict(report.user_properties)
    if "topic" not in props:
        return True
    return props["topic"] == current and props.get("kind", "failed") == "failed"


@pytest.hookimpl(wrapper=True, tryfirst=True)   # around pytest's own summary
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if hasattr(config, "workerinput") or not config.stash[COMPACT_KEY]:
        return (yield)
    current = config.stash[RESULTS_KEY].current_topic(config.getoption("topic"))
    stats = terminalreporter.stats
    saved = {key: stats[key] for key in ("failed", "error") if key in stats}
    for key, reports in saved.items():
        stats[key] = [r for r in reports if _shown_in_full(r, current)]
    try:
        return (yield)
    finally:
        stats.update(saved)   # the closing counts stay whole


@pytest.hookimpl(wrapper=True, tryfirst=True)   # the table comes after pytest's last line
def pytest_sessionfinish(session: pytest.Session, exitstatus):
    config = session.config
    worker = hasattr(config, "workerinput")
    progress = config.pluginmanager.get_plugin("netlab-progress")
    if progress is not None:
        progress.clear()
    result = yield
    if worker:
        return result
    results = config.stash[RESULTS_KEY]
    path = config.getoption("results_json")
    if path:
        reporting.write_json(results, config.invocation_params.dir / path)
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None:
        cache = getattr(config, "cache", None)
        key = reporting.cache_key(results.folder)
        before = cache.get(key, None) if cache else None
        finished_before = set(before) if before is not None else None
        reporting.write_summary(terminal, results, config.getoption("topic"),
                                finished_before)
        if cache is not None and results.checks:
            run = {row.topic.name for row in results.rows()}
            now = (finished_before or set()) - run | reporting.finished_topics(results)
            cache.set(key, sorted(now))
    return result
