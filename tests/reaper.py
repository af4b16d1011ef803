"""Run a command under a child subreaper; report what it left behind.

    python reaper.py REPORT.json SECONDS -- COMMAND...

PID 1 on this platform never reaps orphans, so a process a pytest run leaves
behind would be invisible afterwards (reparented to PID 1). Under this
wrapper, a child subreaper, every such process is reparented here instead:
after COMMAND ends (or after SECONDS, when it is killed) every remaining
descendant, zombies included, is described in REPORT.json, then killed and
reaped. Exit status: COMMAND's, or 124 when it ran out of time.
"""
import ctypes
import json
import os
import select
import signal
import subprocess
import sys
import time

import psutil

PR_SET_CHILD_SUBREAPER = 36
SWEEP_SECONDS = 10.0


def _describe(proc: psutil.Process) -> str:
    try:
        status = proc.status()
    except psutil.Error:
        return f"pid {proc.pid}"
    try:
        cmd = " ".join(proc.cmdline())[:120] or proc.name()
    except psutil.Error:        # a zombie has no command line any more
        cmd = "?"
    return f"pid {proc.pid} ({status}): {cmd}"


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def sweep() -> list[str]:
    """Describe, kill and reap every descendant; the descriptions."""
    me = psutil.Process()
    described: dict[int, str] = {}
    end = time.monotonic() + SWEEP_SECONDS
    while time.monotonic() < end:
        procs = me.children(recursive=True)
        if not procs:
            break
        for proc in procs:
            described.setdefault(proc.pid, _describe(proc))
            _signal(proc.pid, signal.SIGSTOP)   # no more forking
        for proc in procs:
            _signal(proc.pid, signal.SIGKILL)
        while True:  # this process runs nothing else: waitpid(-1) is ours
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                select.select([], [], [], 0.005)
                if not me.children():
                    break
    return list(described.values())


def main() -> int:
    report, seconds, dashes, *cmd = sys.argv[1:]
    assert dashes == "--", "usage: reaper.py REPORT SECONDS -- COMMAND..."
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
    proc = subprocess.Popen(cmd)
    try:
        code = proc.wait(float(seconds))
        timed_out = False
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code, timed_out = 124, True
    leftovers = sweep()
    with open(report, "w") as f:
        json.dump({"code": code, "timed_out": timed_out,
                   "leftovers": leftovers}, f)
    return 124 if timed_out else (code if code >= 0 else 128 - code)


if __name__ == "__main__":
    sys.exit(main())
