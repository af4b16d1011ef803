"""Scores and reports: the per-topic table and the Gradescope results file.

Strategy: collect every phase report on the controller (under xdist the
workers' reports arrive here with their user_properties: topic, points, hint,
summary); a check scores its points only when no phase failed. Skipped checks
count towards neither score nor maximum.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import impl, topics


@dataclass
class Check:
    nodeid: str
    topic: str
    points: float
    hint: str
    outcome: str = "passed"          # passed | failed | skipped
    output: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.points if self.outcome == "passed" else 0


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
            report.nodeid, props["topic"], props["points"], props["hint"]))
        if report.failed:
            check.outcome = "failed"
            check.output.append(props.get("summary") or report.longreprtext)
        elif report.skipped and check.outcome != "failed":
            check.outcome = "skipped"
            check.output.append(_skip_reason(report))

    def by_topic(self) -> list[tuple[topics.Topic, list[Check]]]:
        grouped: dict[str, list[Check]] = {}
        for check in self.checks.values():
            grouped.setdefault(check.topic, []).append(check)
        return [(t, grouped[t.name]) for t in topics.TOPICS if t.name in grouped]


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return f"skipped: {longrepr[2]}"
    return "skipped"


def _fmt(value: float) -> str:
    return f"{value:g}"


def write_summary(terminal, results: Results) -> None:
    rows = results.by_topic()
    if not rows:
        return
    terminal.section("netlab: " + results.label, sep="=")
    terminal.write_line(f"{'#':>3}  {'topic':<16}{'checks':>9}{'points':>11}  status")
    next_up = None
    total_passed = total_run = total_score = total_max = 0
    for topic, checks in rows:
        counted = [c for c in checks if c.outcome != "skipped"]
        passed = sum(c.outcome == "passed" for c in counted)
        score = sum(c.score for c in counted)
        maximum = sum(c.points for c in counted)
        done = passed == len(counted)
        if not done and next_up is None:
            next_up = (topic, next(c for c in counted if c.outcome == "failed"))
        number = topics.ORDER[topic.name] + 1
        terminal.write_line(
            f"{number:>3}  {topic.name:<16}{f'{passed}/{len(counted)}':>9}"
            f"{f'{_fmt(score)}/{_fmt(maximum)}':>11}  {'✓' if done else 'TODO'}")
        total_passed += passed
        total_run += len(counted)
        total_score += score
        total_max += maximum
    terminal.write_line(f"{'':>3}  {'total':<16}{f'{total_passed}/{total_run}':>9}"
                        f"{f'{_fmt(total_score)}/{_fmt(total_max)}':>11}")
    if next_up is None:
        terminal.write_line("All checks pass.", green=True)
        return
    topic, check = next_up
    terminal.write_line("")
    terminal.write_line(f"Next: {topic.name} ({topic.seed_terms})", bold=True)
    terminal.write_line(f"  first failing check: {check.nodeid}")
    first = check.output[0] if check.output else ""
    for line in first.splitlines()[:12]:
        terminal.write_line("  " + line)
    if first.startswith("not implemented yet: "):
        function = first.split(": ", 1)[1].split(".", 1)[-1]
        module = impl.display_path(str(results.folder / f"{topic.name}.py"))
        terminal.write_line(f"  write {function} in {module}: its docstring is the spec")
    elif check.hint and "Hint:" not in first and not first.startswith(
            "cannot use the implementation"):
        terminal.write_line(f"  Hint: {check.hint}")
    terminal.write_line(f"  rerun just this topic: pytest --topic {topic.name}")


def write_json(results: Results, path: Path) -> None:
    """The Gradescope autograder results format."""
    tests = []
    for topic, checks in results.by_topic():
        for check in checks:
            if check.outcome == "skipped":
                continue
            tests.append({
                "name": check.nodeid,
                "score": check.score,
                "max_score": check.points,
                "status": "passed" if check.outcome == "passed" else "failed",
                "output": "\n\n".join(check.output),
                "visibility": "visible",
                "tags": [topic.name],
            })
    data = {
        "score": sum(t["score"] for t in tests),
        "max_score": sum(t["max_score"] for t in tests),
        "visibility": "visible",
        "stdout_visibility": "visible",
        "output": f"netlab checks against {results.label}",
        "tests": tests,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
