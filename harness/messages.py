"""Failure messages for students: one short, teaching text per failure.

Strategy: instead of a traceback, show what failed and why in the check's
own words (its assertion message), plus the check's hint (the `Hint:`
paragraph of its docstring). Two failures get a fixed one-line form: a stub
(NotImplementedError) reads "not implemented yet: <topic>.<function>", and a
broken topic module reads as the one line ImplementationError carries.
`-v`, `--tb=...` or `--full-trace` bring pytest's full report back.
"""
from __future__ import annotations

import inspect
import re

import pytest

from . import i18n, impl
from .servers import NOTE_PREFIX

MAX_LINES = 25


def short_mode(config: pytest.Config) -> bool:
    option = config.option
    return (option.verbose <= 0 and getattr(option, "tbstyle", "auto") == "auto"
            and not getattr(option, "fulltrace", False))


# The docstring paragraphs a check's texts come from, per language.
SUMMARY_LABEL = {"zh": "中文:"}
HINT_LABEL = {"en": "Hint:", "zh": "提示:"}


def _paragraphs(item: pytest.Item) -> list[str]:
    doc = inspect.getdoc(getattr(item, "function", None)) or ""
    return [p.strip() for p in doc.split("\n\n") if p.strip()]


_WIDE = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uff0f\uff1a-\uff20]")


def _join_lines(text: str) -> str:
    """A wrapped paragraph as one line: a space between lines, but none where
    a line break falls between two Chinese characters or punctuation marks."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        wide = _WIDE.match(out[-1]) and _WIDE.match(line[0])
        glue = "" if wide or _PUNCT.match(out[-1]) or _PUNCT.match(line[0]) else " "
        out += glue + line
    return " ".join(out.split(" ")).strip()


def _labelled(paragraphs: list[str], label: str) -> str:
    for paragraph in paragraphs:
        if paragraph.startswith(label):
            return _join_lines(paragraph[len(label):])
    return ""


def hint_of(item: pytest.Item, lang: str | None = None) -> str:
    """The check's hint in `lang` (this run's language by default), falling
    back to the English `Hint:` paragraph; '' if none."""
    paragraphs = _paragraphs(item)
    lang = lang or i18n.lang()
    return (lang != "en" and _labelled(paragraphs, HINT_LABEL[lang])) or \
        _labelled(paragraphs, HINT_LABEL["en"])


def summary_of(item: pytest.Item, lang: str | None = None) -> str:
    """The check's one-line description in `lang`, falling back to English
    (the docstring's first line)."""
    paragraphs = _paragraphs(item)
    lang = lang or i18n.lang()
    if lang != "en":
        text = _labelled(paragraphs, SUMMARY_LABEL[lang])
        if text:
            return text
    return paragraphs[0].splitlines()[0] if paragraphs else item.name


def missing_translations(item: pytest.Item) -> list[str]:
    """The Chinese parts a check's docstring lacks (for the CI gate)."""
    paragraphs = _paragraphs(item)
    missing = []
    if not _labelled(paragraphs, SUMMARY_LABEL["zh"]):
        missing.append("中文: (description)")
    if _labelled(paragraphs, HINT_LABEL["en"]) and not _labelled(paragraphs, HINT_LABEL["zh"]):
        missing.append("提示: (hint)")
    if not _labelled(paragraphs, HINT_LABEL["en"]):
        missing.append("Hint: (English hint)")
    return missing


def _leaf(exc: BaseException) -> BaseException:
    """The first real exception inside exception groups (Hypothesis makes them)."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def not_implemented_origin(exc: BaseException) -> str | None:
    """'topic.function' for a NotImplementedError raised by the implementation."""
    if not isinstance(exc, NotImplementedError):
        return None
    origin = getattr(exc, "netlab_origin", None)
    if origin:
        return origin
    folder = str(impl.folder() or "")
    tb, found = exc.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if folder and (filename.startswith(folder) or impl.ALIAS in filename):
            module = tb.tb_frame.f_globals.get("__name__", "?").rsplit(".", 1)[-1]
            found = f"{module}.{tb.tb_frame.f_code.co_qualname}"
        tb = tb.tb_next
    return found or i18n.msg("unknown_function")


def headline(exc: BaseException) -> str:
    """The one-line or short form of what went wrong."""
    exc = _leaf(exc)
    origin = not_implemented_origin(exc)
    if origin:
        return i18n.msg("not_implemented", origin=origin)
    if isinstance(exc, impl.ImplementationError):
        return i18n.msg("cannot_use", detail=exc)
    cause = exc.__cause__
    if isinstance(cause, NotImplementedError):
        return headline(cause)
    text = str(exc).strip()
    if isinstance(exc, AssertionError):
        return text or i18n.msg("no_message")
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def kind_of(exc: BaseException) -> tuple[str, str]:
    """('todo', 'topic.function') for a stub, ('broken', '') for a topic module
    that cannot be used, ('failed', '') for anything else."""
    exc = _leaf(exc)
    if isinstance(exc.__cause__, NotImplementedError) and not isinstance(
            exc, NotImplementedError):
        exc = exc.__cause__
    origin = not_implemented_origin(exc)
    if origin:
        return "todo", origin
    if isinstance(exc, impl.ImplementationError):
        return "broken", ""
    return "failed", ""


def failure_text(item: pytest.Item, excinfo: pytest.ExceptionInfo,
                 when: str) -> str:
    """The whole short report of a failed check."""
    head = headline(excinfo.value)
    if kind_of(excinfo.value)[0] != "failed":
        return head
    lines = [line for line in head.splitlines()
             if line.strip() and "Use -v to get more diff" not in line]
    lines += [note[len(NOTE_PREFIX):] for note in
              getattr(_leaf(excinfo.value), "__notes__", ())
              if note.startswith(NOTE_PREFIX)]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES] + [i18n.msg("more_lines", n=len(lines) - MAX_LINES)]
    phase = {"setup": i18n.msg("phase_setup"), "teardown": i18n.msg("phase_teardown")}
    text = f"{summary_of(item)}{phase.get(when, '')}\n" + "\n".join(
        "  " + line for line in lines)
    hint = hint_of(item)
    if hint:
        label = i18n.msg("hint")
        text += "\n" + i18n.wrap(hint, 78, "  " + label, " " * (2 + i18n.width(label)))
    return text
