"""The leak guard: what a check leaves behind in the pytest process.

Strategy: snapshot children, open descriptors ({fd: readlink}) and threads
before the check's setup, compare after its teardown. Only when something
looks leaked does gc.collect() run (12 ms, too slow for every check) and the
comparison repeat, so sockets that are merely unreferenced garbage (held by
a traceback's frames, say) are closed and not counted. What leaked
is cleaned up (children killed and reaped by pid, never waitpid(-1); leaked
socket and pipe fds closed) so the next check starts clean.
"""
from __future__ import annotations

import gc
import io
import os
import select
import socket
import signal
import threading
from dataclasses import dataclass

import psutil

from .i18n import msg

_CLOSABLE = ("socket:", "pipe:", "anon_inode:")

# Processes and descriptors the harness itself keeps across checks (sealed
# mode's hosts): never counted as leaks.
HARNESS_PIDS: set[int] = set()
HARNESS_FDS: set[int] = set()


@dataclass
class Snapshot:
    children: set[int]
    fds: dict[int, str]
    threads: set[int]


def _fds() -> dict[int, str]:
    fds = {}
    for name in os.listdir("/proc/self/fd"):
        if int(name) in HARNESS_FDS:
            continue
        try:
            fds[int(name)] = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            pass  # the fd of the listdir itself, gone by now
    return fds


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=False)
            if p.pid not in HARNESS_PIDS and not _is_multiprocessing_helper(p)}


def _is_multiprocessing_helper(proc: psutil.Process) -> bool:
    try:
        cmd = " ".join(proc.cmdline())
    except psutil.Error:
        return False
    return "forkserver" in cmd or "resource_tracker" in cmd


def snapshot() -> Snapshot:
    return Snapshot(_children(), _fds(),
                    {t.ident for t in threading.enumerate()})


def _looks_clean(before: Snapshot, after: Snapshot) -> bool:
    return (after.children <= before.children
            and all(before.fds.get(fd) == t for fd, t in after.fds.items())
            and after.threads <= before.threads)


def check(before: Snapshot) -> list[str]:
    """What leaked since `before`, cleaned up, as lines for the student."""
    after = snapshot()
    if _looks_clean(before, after):
        return []
    gc.collect()
    after = snapshot()
    problems = []
    for pid in sorted(after.children - before.children):
        problems.append(msg("leak_child", what=_describe(pid)))
        _kill_and_reap(pid)
    for fd, target in sorted(after.fds.items()):
        if before.fds.get(fd) != target:
            problems.append(msg("leak_fd", fd=fd, target=target))
            if target.startswith(_CLOSABLE):
                _close_fd(fd)
    for thread in threading.enumerate():
        if thread.ident not in before.threads and thread.is_alive():
            problems.append(msg("leak_thread", name=repr(thread.name)))
    return problems


def _describe(pid: int) -> str:
    try:
        proc = psutil.Process(pid)
        return (f"pid {pid} ({proc.status()}): "
                f"{' '.join(proc.cmdline())[:80] or proc.name()}")
    except psutil.Error:
        return f"pid {pid}"


def _kill_and_reap(pid: int) -> None:
    """SIGKILL the child and everything below it (they cannot be reaped by
    us: at worst they stay zombies, never running), then reap the child."""
    try:
        family = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        family = []
    for proc in family:
        try:
            proc.kill()
        except psutil.Error:
            pass
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


_OWNERS = (socket.socket, io.IOBase, select.epoll)


def _close_fd(fd: int) -> None:
    """Close `fd` through the Python object that owns it, if there is one, so
    that object cannot close the number again later (once it is reused)."""
    for obj in gc.get_objects():
        if isinstance(obj, _OWNERS):
            try:
                owns = obj.fileno() == fd
            except (OSError, ValueError):
                continue
            if owns:
                try:
                    obj.close()
                except OSError:
                    pass
                return
    try:
        os.close(fd)
    except OSError:
        pass
