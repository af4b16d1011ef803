"""Selecting and importing the implementation under test.

Strategy: the chosen folder is made importable as one package under a fixed
alias (ALIAS) by a symlink in a private temp folder put on sys.path and
PYTHONPATH, so topic modules can import each other (`from . import tcp`),
names never collide with the standard library, and spawn/forkserver children
can re-import it by name. Before a topic module is imported in the pytest
process it is imported once in a forked probe child: a syntax error, an
exception, `sys.exit`, `os._exit` or a hang at import then fails that topic
with one line, and never the run.
"""
from __future__ import annotations

import faulthandler
import importlib
import importlib.abc
import importlib.machinery
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

from .i18n import msg

ALIAS = "netlab_impl"
PROBE_SECONDS = 10.0
REFERENCE_PACKAGES = ("solutions",)


class ImplementationError(Exception):
    """The implementation's topic module cannot be used (missing or broken)."""


class _State:
    folder: Path | None = None
    link_dir: str | None = None
    broken: dict[str, str] = {}
    probed: set[str] = set()      # sealed mode: imported fine in a probe
    used: set[str] = set()        # sealed mode: of those, loaded during this check


def configure(folder: Path, allow_reference: bool,
              reference_dir: Path | None = None) -> None:
    """Make `folder` importable as ALIAS (called once per pytest process)."""
    _State.folder = folder
    _State.broken = {}
    _State.probed = set()
    _State.used = set()
    link_dir = tempfile.mkdtemp(prefix="netlab-impl-")
    os.chmod(link_dir, 0o755)   # a check may drop privileges before importing
    os.symlink(folder, os.path.join(link_dir, ALIAS))
    _State.link_dir = link_dir
    sys.path.insert(0, link_dir)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (link_dir, os.environ.get("PYTHONPATH")) if p)
    if not allow_reference:
        sys.meta_path.insert(0, _ReferenceBlocker(reference_dir))


def unconfigure() -> None:
    link_dir = _State.link_dir
    if link_dir and os.getpid() == _owner_pid:
        try:
            os.unlink(os.path.join(link_dir, ALIAS))
            os.rmdir(link_dir)
        except OSError:
            pass


_owner_pid = os.getpid()


def owner_pid() -> int:
    """The pytest process (forked sandbox children are not it)."""
    return _owner_pid


def folder() -> Path | None:
    return _State.folder


class _ReferenceBlocker(importlib.abc.MetaPathFinder):
    """Refuses `import solutions` while a submission is graded."""

    def __init__(self, reference_dir: Path | None = None):
        self.reference_dir = (os.path.realpath(reference_dir) + os.sep
                              if reference_dir else None)

    def find_spec(self, name, path=None, target=None):
        refused = name.split(".")[0] in REFERENCE_PACKAGES
        if not refused and self.reference_dir:   # the reference's files by any name
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            origin = getattr(spec, "origin", None)
            refused = bool(origin) and os.path.realpath(origin).startswith(
                self.reference_dir)
        if refused:
            raise ImportError(msg("reference_refused", name=name))
        return None


def display_path(filename: str) -> str:
    """`filename` as the student knows it: the real folder, relative if under cwd."""
    if _State.link_dir:
        alias_dir = os.path.join(_State.link_dir, ALIAS)
        if filename.startswith(alias_dir):
            filename = str(_State.folder) + filename[len(alias_dir):]
    try:
        return os.path.relpath(filename) if filename.startswith(os.getcwd() + os.sep) \
            else filename
    except ValueError:
        return filename


def _describe_import_error(topic: str, exc: BaseException) -> str:
    """One line naming the file and line where importing `topic` failed."""
    path = _State.folder / f"{topic}.py"
    if isinstance(exc, SyntaxError) and exc.filename:
        return (f"{display_path(exc.filename)}, line {exc.lineno}: "
                f"{type(exc).__name__}: {exc.msg}")
    if isinstance(exc, SystemExit):
        where = _innermost_frame_in(exc, path)
        return msg("import_exit", where=where, code=exc.code)
    where = _innermost_frame_in(exc, path)
    return f"{where}: {type(exc).__name__}: {exc}"


def _innermost_frame_in(exc: BaseException, path: Path) -> str:
    """'file, line N' of the deepest traceback frame inside the implementation."""
    best = display_path(str(path))
    impl_root = str(_State.folder)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(impl_root) or ALIAS in frame.filename:
            best = f"{display_path(frame.filename)}, line {frame.lineno}"
    return best


class _ExitAtImport(BaseException):
    """os._exit() called by module-level code (raised instead, in the probe)."""


def _exit_instead(code=0):
    raise _ExitAtImport(code)


def _import_for_probe(topic: str, stack_file) -> str | None:
    """Import `topic` (in the probe sandbox): None, or what went wrong.

    os._exit is replaced so its caller's line can be named; a hang leaves
    its stack in `stack_file` just before the probe's deadline.
    """
    real_exit, os._exit = os._exit, _exit_instead
    faulthandler.dump_traceback_later(max(PROBE_SECONDS - 0.5, 0.1),
                                      file=stack_file)
    try:
        importlib.import_module(f"{ALIAS}.{topic}")
    except _ExitAtImport as exc:
        where = _innermost_frame_in(exc, _State.folder / f"{topic}.py")
        return f"{where}: os._exit({exc.args[0]!r}) called at import time"
    except BaseException as exc:  # noqa: BLE001 - we report every kind
        return _describe_import_error(topic, exc)
    finally:
        os._exit = real_exit
        faulthandler.cancel_dump_traceback_later()
    return None


def _hang_location(stack_file, path: str) -> str:
    """'path, line N' of the deepest frame of the implementation in a dump."""
    stack_file.seek(0)
    frames = re.findall(r'File "([^"]+)", line (\d+)', stack_file.read().decode(
        errors="replace"))
    inside = [(f, n) for f, n in frames
              if ALIAS in f or f.startswith(str(_State.folder))]
    if not inside:  # faulthandler lists the innermost frame first
        return path
    return f"{display_path(inside[0][0])}, line {inside[0][1]}"


def _probe(topic: str) -> str | None:
    """Import `topic` in a sandbox; None if that worked, else one line."""
    from .sandbox import SandboxCrash, SandboxTimeout, StrayProcess, run_sandboxed
    path = display_path(str(_State.folder / f"{topic}.py"))
    with tempfile.TemporaryFile() as stack_file:
        try:
            return run_sandboxed(_import_for_probe, topic, stack_file,
                                 timeout=PROBE_SECONDS, what=f"importing {path}")
        except SandboxTimeout:
            where = _hang_location(stack_file, path)
            return msg("import_hang", where=where, topic=topic, seconds=f"{PROBE_SECONDS:g}")
        except SandboxCrash as exc:
            return msg("import_crash", path=path, status=exc.status)
        except StrayProcess:
            return msg("import_fork", path=path)


def used_in_check(forget: bool = False) -> frozenset[str]:
    """Sealed mode: the topics the pytest process has loaded (imported in a
    probe) since the current check began; `forget` starts the next check."""
    used = frozenset(_State.used)
    if forget:
        _State.used = set()
    return used


def load(topic: str):
    """The implementation's module for `topic`, or ImplementationError."""
    if _State.folder is None:
        raise ImplementationError("the netlab harness is not configured")
    if topic in _State.broken:
        raise ImplementationError(_State.broken[topic])
    name = f"{ALIAS}.{topic}"
    if name in sys.modules:
        return sys.modules[name]
    from . import sealed
    sealed_here = sealed.in_verdict_process()
    if sealed_here and topic in _State.probed:
        _State.used.add(topic)
        return None
    path = _State.folder / f"{topic}.py"
    if not path.is_file():
        message = msg("missing_module", path=display_path(str(path)), topic=topic)
    elif os.getpid() == _owner_pid:   # a sandbox child imports directly
        message = _probe(topic)
    else:
        message = None
    if message is None and sealed_here:   # never imported where verdicts are made
        _State.probed.add(topic)
        _State.used.add(topic)
        return None
    if message is None:
        try:
            return importlib.import_module(name)
        except BaseException as exc:  # noqa: BLE001 - a student file may raise anything
            message = _describe_import_error(topic, exc)
    _State.broken[topic] = message
    raise ImplementationError(message)


class TopicHandle:
    """Lazy handle on one topic module of the selected implementation."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        if attr.startswith("_"):  # pytest's collection probes _mock_name & co.
            raise AttributeError(attr)
        from . import sealed
        if sealed.in_verdict_process():
            load(self._name)   # a broken module fails here, with its one line
            return sealed.remote_attr(self._name, attr)
        module = load(self._name)
        try:
            return getattr(module, attr)
        except AttributeError:
            raise ImplementationError(msg("missing_attr", path=display_path(module.__file__),
                                        attr=attr, topic=self._name)) from None

    def __repr__(self) -> str:
        return f"<netlab topic {self._name!r}>"


def topic(name: str) -> TopicHandle:
    """A lazy handle on the selected implementation's module `name`."""
    return TopicHandle(name)
