"""A pids cgroup per sandbox, where the machine lets us make one.

Why: as root RLIMIT_NPROC is not enforced, and pid_max here is 32768, so a
fork bomb in a submission would starve the whole machine. A pids cgroup caps
the sandbox's process count for root too. Without a writable pids hierarchy
(an ordinary user's machine) this does nothing and RLIMIT_NPROC does the job.
"""
from __future__ import annotations

import itertools
import os

_V1_ROOT = "/sys/fs/cgroup/pids"
_counter = itertools.count()
_base: list[str | None] = []


def _find_base() -> str | None:
    if not _base:
        # The batch grader caps each submission's whole run with a group of
        # its own: the sandboxes' groups go inside it (env NETLAB_PIDS_CGROUP).
        base = os.environ.get("NETLAB_PIDS_CGROUP") or os.path.join(_V1_ROOT, "netlab")
        try:
            os.makedirs(base, exist_ok=True)
            probe = os.path.join(base, f"probe-{os.getpid()}")
            os.mkdir(probe)
            os.rmdir(probe)
        except OSError:
            base = None
        else:
            _remove_stale(base)
        _base.append(base)
    return _base[0]


def _remove_stale(base: str) -> None:
    """Remove the groups a killed run left behind: those named after a pid
    that no longer runs. rmdir refuses a group that still holds a process,
    so a group in use is never lost."""
    for name in os.listdir(base):
        owner, _, number = name.partition("-")
        if owner.isdigit() and number.isdigit() and not os.path.exists(f"/proc/{owner}"):
            remove(os.path.join(base, name))


def create(max_pids: int, prefix: str = "") -> str | None:
    """A new cgroup allowing `max_pids` processes, named `<prefix><pid>-<n>`;
    None if unavailable."""
    base = _find_base()
    if base is None:
        return None
    path = os.path.join(base, f"{prefix}{os.getpid()}-{next(_counter)}")
    try:
        os.mkdir(path)
        with open(os.path.join(path, "pids.max"), "w") as f:
            f.write(str(max_pids))
    except OSError:
        remove(path)
        return None
    return path


def join(path: str) -> None:
    """Move the calling process into the cgroup at `path`."""
    with open(os.path.join(path, "cgroup.procs"), "w") as f:
        f.write(str(os.getpid()))


def remove(path: str | None) -> None:
    if path:
        try:
            os.rmdir(path)
        except OSError:
            pass
