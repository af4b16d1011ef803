"""The class report of `python -m harness grade`: one self-contained HTML file
(inline CSS, no script, font or image from anywhere) that shows at a glance
where a class struggles:

- per-topic pass rates as bars (points earned over points possible, and how
  many submissions have every check of the topic);
- a students x topics grid, each cell coloured by its score (red 0 -> green
  full), with the total and the grading status;
- the checks failed most often, each with its hint and its most common
  failure message.

Only submissions that were run count towards the rates and the failed checks
(not a folder without topic modules, an unreadable zip...).
"""
from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

MOST_FAILED = 15
RUN_STATUSES = ("ok", "budget exceeded", "crashed")

TEXTS = {
    "en": {
        "title": "netlab: class report", "submissions": "submissions",
        "graded": "graded", "not_ok": "not ok", "mean": "mean total",
        "rates": "Pass rate per topic",
        "rates_note": "points earned out of points possible, over the graded submissions; "
                      "in brackets, how many have every check of the topic",
        "full": "full marks", "grid": "Students × topics",
        "grid_note": "points per topic; the colour goes from red (none) to green (all)",
        "submission": "submission", "total": "total", "status": "status",
        "possible": "points possible",
        "failed": "Checks failed most often", "failed_by": "failed by {n} of {m}",
        "typical": "most common failure", "none_failed": "No check failed.",
        "hint": "Hint", "empty": "No submission was graded."},
    "zh": {
        "title": "netlab：班级报告", "submissions": "份提交", "graded": "已评分",
        "not_ok": "未正常完成", "mean": "平均总分", "rates": "各主题通过率",
        "rates_note": "已评分提交的得分占满分的比例；括号里是该主题全部通过的提交数",
        "full": "满分", "grid": "学生 × 主题",
        "grid_note": "每个主题的得分；颜色从红（零分）到绿（满分）",
        "submission": "提交", "total": "总分", "status": "状态", "possible": "满分",
        "failed": "最常失败的检查", "failed_by": "{m} 份中有 {n} 份失败",
        "typical": "最常见的失败信息", "none_failed": "没有失败的检查。",
        "hint": "提示", "empty": "没有评分的提交。"},
}

CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC",
       "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
       "WenQuanYi Micro Hei", sans-serif; margin: 24px 32px; color: #1d2330; background: #fafbfc; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 4px; }
.note { color: #5b6475; font-size: 13px; margin: 0 0 10px; }
.summary { font-size: 14px; color: #333c4d; margin: 0 0 8px; }
.summary b { font-size: 16px; }
.bars { display: grid; grid-template-columns: max-content minmax(200px, 480px) max-content;
        gap: 5px 12px; align-items: center; font-size: 13px; }
.bar { background: #e6e9ef; border-radius: 4px; height: 16px; overflow: hidden; }
.fill { height: 100%; border-radius: 4px; }
.pct { font-variant-numeric: tabular-nums; color: #333c4d; }
table.grid { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
.grid th, .grid td { border: 1px solid #d5dae3; padding: 4px 8px; text-align: center; }
.grid th { background: #eef1f6; position: sticky; top: 0; font-weight: 600; }
.grid th.topic { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
                 padding: 8px 4px; }
.grid td.name { text-align: left; font-weight: 600; white-space: nowrap; }
.grid td.total { font-weight: 700; }
.grid td.bad { color: #a3231b; font-weight: 600; text-align: left; }
.grid td.okst { color: #2a6a2e; text-align: left; }
.grid tr.max td { background: #eef1f6; color: #5b6475; font-style: italic; }
ol.failed { padding-left: 22px; font-size: 14px; }
ol.failed li { margin: 0 0 12px; }
.check { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
.count { color: #a3231b; font-weight: 600; margin-left: 6px; }
.topicname { color: #5b6475; margin-left: 6px; }
.hint { background: #fff8e1; border-left: 3px solid #f0b429; padding: 4px 8px; margin: 4px 0;
        font-size: 13px; white-space: pre-wrap; }
details { font-size: 12px; color: #333c4d; }
pre { white-space: pre-wrap; background: #f0f2f5; padding: 6px 8px; margin: 4px 0;
      max-height: 160px; overflow: auto; }
"""


def _colour(fraction: float | None) -> str:
    if fraction is None:
        return "#eef0f3"
    hue = round(120 * max(0.0, min(1.0, fraction)))
    return f"hsl({hue}, 62%, 80%)"


def _fmt(value: float) -> str:
    return f"{value:g}"


def first_line(output: str) -> str:
    """The first non-blank line of a check's output, at most 300 characters."""
    for line in (output or "").splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


def render(rows, topic_names: list[str], manifest: list[dict],
           tests: dict[str, list[dict]], lang: str = "en") -> str:
    """The report as a string. `rows`: objects with name, points, maximum
    (dicts by topic), status and total; `tests`: results entries by name."""
    t = TEXTS.get(lang, TEXTS["en"])
    e = html.escape
    run = [r for r in rows if r.status in RUN_STATUSES]
    out = [f'<!doctype html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f'<title>{e(t["title"])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n'
           f'<h1>{e(t["title"])}</h1>\n']
    maximum_total = max((sum(r.maximum.values()) for r in run), default=0)
    mean = sum(r.total for r in run) / len(run) if run else 0
    not_ok = sum(r.status != "ok" for r in rows)
    out.append(f'<p class="summary"><b>{len(rows)}</b> {e(t["submissions"])} · '
               f'<b>{len(run)}</b> {e(t["graded"])} · <b>{not_ok}</b> {e(t["not_ok"])} · '
               f'{e(t["mean"])} <b>{mean:.1f}</b> / {_fmt(maximum_total)}</p>\n')
    if not rows:
        out.append(f'<p>{e(t["empty"])}</p>\n</body>\n</html>\n')
        return "".join(out)

    # pass rates
    out.append(f'<h2>{e(t["rates"])}</h2>\n<p class="note">{e(t["rates_note"])}</p>\n'
               '<div class="bars">\n')
    for topic in topic_names:
        earned = sum(r.points.get(topic, 0) for r in run)
        possible = sum(r.maximum.get(topic, 0) for r in run)
        full = sum(1 for r in run if r.maximum.get(topic, 0) and
                   r.points.get(topic, 0) >= r.maximum.get(topic, 0))
        rate = earned / possible if possible else 0.0
        out.append(f'<span>{e(topic)}</span><div class="bar"><div class="fill" '
                   f'style="width:{rate * 100:.1f}%;background:{_colour(rate)};'
                   f'filter:saturate(1.6) brightness(0.92)"></div></div>'
                   f'<span class="pct">{rate * 100:.0f}% ({full}/{len(run)} {e(t["full"])})'
                   '</span>\n')
    out.append('</div>\n')

    # the grid
    out.append(f'<h2>{e(t["grid"])}</h2>\n<p class="note">{e(t["grid_note"])}</p>\n'
               f'<table class="grid">\n<tr><th>{e(t["submission"])}</th>')
    out += [f'<th class="topic">{e(topic)}</th>' for topic in topic_names]
    out.append(f'<th>{e(t["total"])}</th><th>{e(t["status"])}</th></tr>\n')
    tops = {topic: max((r.maximum.get(topic, 0) for r in rows), default=0)
            for topic in topic_names}
    out.append(f'<tr class="max"><td class="name">{e(t["possible"])}</td>'
               + "".join(f'<td>{_fmt(tops[topic])}</td>' for topic in topic_names)
               + f'<td class="total">{_fmt(sum(tops.values()))}</td><td></td></tr>\n')
    for r in rows:
        out.append(f'<tr><td class="name">{e(r.name)}</td>')
        for topic in topic_names:
            possible = r.maximum.get(topic, 0)
            got = r.points.get(topic, 0)
            fraction = got / possible if possible else None
            out.append(f'<td style="background:{_colour(fraction)}" '
                       f'title="{e(r.name)} · {e(topic)}: {_fmt(got)}/{_fmt(possible)}">'
                       f'{_fmt(got)}</td>')
        possible = sum(r.maximum.values())
        fraction = r.total / possible if possible else None
        out.append(f'<td class="total" style="background:{_colour(fraction)}">'
                   f'{_fmt(r.total)}</td>')
        cls = "okst" if r.status == "ok" else "bad"
        out.append(f'<td class="{cls}">{e(r.status)}</td></tr>\n')
    out.append('</table>\n')

    # most failed checks
    checks = {c["name"]: c for c in manifest}
    order = {c["name"]: i for i, c in enumerate(manifest)}
    failures: Counter = Counter()
    messages: dict[str, Counter] = {}
    for r in run:
        for test in tests.get(r.name, []):
            if test.get("status") == "failed":
                name = test.get("name", "")
                failures[name] += 1
                messages.setdefault(name, Counter())[first_line(test.get("output", ""))] += 1
    out.append(f'<h2>{e(t["failed"])}</h2>\n')
    worst = sorted(failures, key=lambda n: (-failures[n], order.get(n, 1 << 30), n))
    if not worst:
        out.append(f'<p>{e(t["none_failed"])}</p>\n')
    else:
        out.append('<ol class="failed">\n')
        for name in worst[:MOST_FAILED]:
            check = checks.get(name, {})
            short = name.split("::", 1)[-1]
            out.append(f'<li><span class="check">{e(short)}</span>'
                       f'<span class="topicname">{e(check.get("topic", ""))}</span>'
                       f'<span class="count">{e(t["failed_by"].format(n=failures[name], m=len(run)))}'
                       '</span>')
            hint = check.get("hint", "")
            if hint:
                out.append(f'<div class="hint">{e(hint)}</div>')
            typical = messages[name].most_common(1)[0][0] if messages.get(name) else ""
            if typical:
                out.append(f'<details><summary>{e(t["typical"])}</summary>'
                           f'<pre>{e(typical)}</pre></details>')
            out.append('</li>\n')
        out.append('</ol>\n')
    out.append('</body>\n</html>\n')
    return "".join(out)


def write(path: Path, rows, topic_names, manifest, tests, lang: str = "en") -> None:
    Path(path).write_text(render(rows, topic_names, manifest, tests, lang), encoding="utf-8",
                          errors="replace")
