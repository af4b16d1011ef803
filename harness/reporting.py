"""Scores and reports: the per-topic table, the student's next step, and the
Gradescope results file.

Strategy: collect every phase report on the controller (under xdist the
workers' reports arrive here with their user_properties: topic, points,
kind, origin, summary); a check scores its points only when no phase failed.
Skipped checks count towards neither score nor maximum.

The student's screen ends with this module's block, after pytest's own
summary: the table in learning order, then "Next:" for the first unfinished
topic: its unwritten functions grouped (one line each, with the number of
checks waiting on it) and its first real failure. Every column is measured in
display width, so Chinese text lines up.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import i18n, impl, topics
from .i18n import msg

MAX_TODO_LINES = 5


def cache_key(folder: Path) -> str:
    """Where the finished topics of one implementation folder are remembered."""
    return "netlab/topics-finished/" + hashlib.sha1(str(folder).encode()).hexdigest()[:12]


@dataclass
class Check:
    nodeid: str
    topic: str
    points: float
    hint: str
    outcome: str = "passed"          # passed | failed | skipped
    kind: str = ""                   # for failures: todo | broken | failed
    origin: str = ""                 # for todo: "topic.function"
    output: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.points if self.outcome == "passed" else 0


@dataclass
class TopicRow:
    topic: topics.Topic
    checks: list[Check]

    @property
    def counted(self) -> list[Check]:
        return [c for c in self.checks if c.outcome != "skipped"]

    @property
    def passed(self) -> int:
        return sum(c.outcome == "passed" for c in self.counted)

    @property
    def done(self) -> bool:
        return self.passed == len(self.counted)

    @property
    def score(self) -> float:
        return sum(c.score for c in self.counted)

    @property
    def maximum(self) -> float:
        return sum(c.points for c in self.counted)


class Results:
    """Outcomes of the checks run in this session (a pytest plugin object)."""

    def __init__(self, label: str, folder: Path):
        self.label = label
        self.folder = folder
        self.checks: dict[str, Check] = {}

    def pytest_runtest_logreport(self, report) -> None:
        props = dict(report.user_properties)
        if "topic" not in props:
            return
        check = self.checks.setdefault(report.nodeid, Check(
            report.nodeid, props["topic"], props["points"], props.get("hint", "")))
        if report.failed:
            if check.outcome != "failed":   # the first failing phase says why
                check.kind = props.get("kind", "failed")
                check.origin = props.get("origin", "")
            check.outcome = "failed"
            check.output.append(props.get("summary") or report.longreprtext)
        elif report.skipped and check.outcome != "failed":
            check.outcome = "skipped"
            check.output.append(_skip_reason(report))

    def rows(self) -> list[TopicRow]:
        grouped: dict[str, list[Check]] = {}
        for check in self.checks.values():
            grouped.setdefault(check.topic, []).append(check)
        return [TopicRow(t, grouped[t.name]) for t in topics.TOPICS
                if t.name in grouped]

    def current_topic(self, chosen: list[str]) -> str | None:
        """The topic the student is on: the first unfinished one in learning
        order among those chosen with --topic (all when none was chosen)."""
        for row in self.rows():
            if (not chosen or row.topic.name in chosen) and not row.done:
                return row.topic.name
        return None


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return f"skipped: {longrepr[2]}"
    return "skipped"


def _fmt(value: float) -> str:
    return f"{value:g}"


def _table_line(number: str, name: str, checks: str, points: str, status: str) -> str:
    return (f"{i18n.rjust(number, 3)}  {i18n.ljust(name, 16)}{i18n.rjust(checks, 9)}"
            f"{i18n.rjust(points, 11)}  {status}")


def write_summary(terminal, results: Results, chosen: list[str],
                  finished_before: set[str] | None = None) -> None:
    """The table, then the next step. `finished_before`: the topics that were
    complete at the previous run (None: unknown), for the congratulation."""
    rows = results.rows()
    if not rows:
        return
    _write_sep(terminal, msg("table_title", label=results.label,
                           lang=i18n.NAMES[i18n.lang()]))
    terminal.write_line(_table_line("#", msg("col_topic"), msg("col_checks"),
                                    msg("col_points"), msg("col_status")))
    for row in rows:
        number = str(topics.ORDER[row.topic.name] + 1)
        line = _table_line(number, row.topic.name, f"{row.passed}/{len(row.counted)}",
                           f"{_fmt(row.score)}/{_fmt(row.maximum)}",
                           "✓" if row.done else msg("todo"))
        terminal.write_line(line, green=row.done, red=not row.done and row.passed == 0,
                            yellow=not row.done and row.passed > 0)
    counted = [c for row in rows for c in row.counted]
    terminal.write_line(_table_line(
        "", msg("total"), f"{sum(c.outcome == 'passed' for c in counted)}/{len(counted)}",
        f"{_fmt(sum(c.score for c in counted))}/{_fmt(sum(c.points for c in counted))}",
        ""), bold=True)
    _congratulate(terminal, rows, finished_before)
    current = results.current_topic(chosen)
    if current is None:
        terminal.write_line(msg("all_pass"), green=True, bold=True)
        return
    _write_next(terminal, results, next(r for r in rows if r.topic.name == current))


def _write_sep(terminal, title: str) -> None:
    """pytest's `=== title ===` line, measured in display width."""
    columns = min(getattr(terminal, "_tw", None) and terminal._tw.fullwidth or 80, 80)
    fill = max(columns - i18n.width(title) - 2, 4)
    terminal.write_line(f"{'=' * (fill // 2)} {title} {'=' * (fill - fill // 2)}", bold=True)


def _congratulate(terminal, rows: list[TopicRow], finished_before: set[str] | None) -> None:
    if finished_before is None:
        return
    for row in rows:
        if row.done and row.topic.name not in finished_before:
            following = _next_topic(row.topic.name)
            if following:
                text = msg("finished", done=row.topic.name, topic=following.name,
                           terms=following.seed_terms)
                terminal.write_line(i18n.wrap(text, 80, "", "  "), green=True, bold=True)


def _next_topic(name: str) -> topics.Topic | None:
    index = topics.ORDER[name] + 1
    return topics.TOPICS[index] if index < len(topics.TOPICS) else None


def _write_next(terminal, results: Results, row: TopicRow) -> None:
    topic = row.topic
    terminal.write_line(i18n.wrap(msg("next", topic=topic.name, terms=topic.seed_terms),
                                  80, "", "  "), bold=True)
    failed = [c for c in row.counted if c.outcome == "failed"]
    todo = Counter(c.origin for c in failed if c.kind == "todo")
    real = [c for c in failed if c.kind != "todo"]
    module = impl.display_path(str(results.folder / f"{topic.name}.py"))
    if real:
        check = real[0]
        terminal.write_line("  " + msg("first_failing", nodeid=check.nodeid))
        first = check.output[0] if check.output else ""
        for line in first.splitlines()[:12]:
            terminal.write_line("  " + line)
        if check.hint and check.kind == "failed" and msg("hint").strip() not in first:
            terminal.write_line(i18n.wrap(check.hint, 78, "  " + msg("hint"), "    "))
    if todo:
        terminal.write_line("  " + msg("todo_functions", count=len(todo),
                                     checks=sum(todo.values())))
        for origin, n in list(todo.items())[:MAX_TODO_LINES]:   # in check order
            terminal.write_line("    " + msg("todo_line", origin=origin, n=n))
        if len(todo) > MAX_TODO_LINES:
            terminal.write_line("    " + msg("todo_more", n=len(todo) - MAX_TODO_LINES))
        if not real:
            function = next(iter(todo)).split(".", 1)[-1]
            terminal.write_line("  " + msg("write_it", function=function, module=module))
    terminal.write_line("  " + msg("rerun", topic=topic.name))


def finished_topics(results: Results) -> set[str]:
    return {row.topic.name for row in results.rows() if row.done}


def write_json(results: Results, path: Path) -> None:
    """The Gradescope autograder results format."""
    tests = []
    for row in results.rows():
        for check in row.checks:
            if check.outcome == "skipped":
                continue
            tests.append({
                "name": check.nodeid,
                "score": check.score,
                "max_score": check.points,
                "status": "passed" if check.outcome == "passed" else "failed",
                "output": "\n\n".join(check.output),
                "visibility": "visible",
                "tags": [row.topic.name],
            })
    data = {
        "score": sum(t["score"] for t in tests),
        "max_score": sum(t["max_score"] for t in tests),
        "visibility": "visible",
        "stdout_visibility": "visible",
        "output": msg("results_output", label=results.label),
        "tests": tests,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
