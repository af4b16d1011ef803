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
import textwrap

import pytest

from . import impl
from .servers import NOTE_PREFIX

MAX_LINES = 25


def short_mode(config: pytest.Config) -> bool:
    option = config.option
    return (option.verbose <= 0 and getattr(option, "tbstyle", "auto") == "auto"
            and not getattr(option, "fulltrace", False))


def hint_of(item: pytest.Item) -> str:
    """The `Hint:` paragraph of the check's docstring ('' if none)."""
    doc = inspect.getdoc(getattr(item, "function", None)) or ""
    for paragraph in doc.split("\n\n"):
        if paragraph.startswith("Hint:"):
            return " ".join(paragraph[len("Hint:"):].split())
    return ""


def summary_of(item: pytest.Item) -> str:
    """The first line of the check's docstring."""
    doc = inspect.getdoc(getattr(item, "function", None)) or ""
    return doc.splitlines()[0] if doc else item.name


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
    return found or "(unknown function)"


def headline(exc: BaseException) -> str:
    """The one-line or short form of what went wrong."""
    exc = _leaf(exc)
    origin = not_implemented_origin(exc)
    if origin:
        return f"not implemented yet: {origin}"
    if isinstance(exc, impl.ImplementationError):
        return f"cannot use the implementation: {exc}"
    cause = exc.__cause__
    if isinstance(cause, NotImplementedError):
        return headline(cause)
    text = str(exc).strip()
    if isinstance(exc, AssertionError):
        return text or "assertion failed (the check gave no message)"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def failure_text(item: pytest.Item, excinfo: pytest.ExceptionInfo,
                 when: str) -> str:
    """The whole short report of a failed check."""
    head = headline(excinfo.value)
    if head.startswith(("not implemented yet", "cannot use the implementation")):
        return head
    lines = [line for line in head.splitlines()
             if line.strip() and "Use -v to get more diff" not in line]
    lines += [note[len(NOTE_PREFIX):] for note in
              getattr(_leaf(excinfo.value), "__notes__", ())
              if note.startswith(NOTE_PREFIX)]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES] + [f"... ({len(lines) - MAX_LINES} more lines; "
                                     "-v shows everything)"]
    phase = {"setup": " (while setting up)", "teardown": " (after the check)"}
    text = f"{summary_of(item)}{phase.get(when, '')}\n" + "\n".join(
        "  " + line for line in lines)
    hint = hint_of(item)
    if hint:
        text += "\n" + textwrap.fill(hint, 78, initial_indent="  Hint: ",
                                     subsequent_indent="        ")
    return text
