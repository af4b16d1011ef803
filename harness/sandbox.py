"""The sandbox: run code that may fork, hang or serve forever in a child.

Strategy: two forked levels.

    pytest process --fork--> supervisor --fork--> worker (runs the code)

The supervisor is harness code only: its own process group, a child
subreaper, inside a pids cgroup when the machine offers one (as root,
RLIMIT_NPROC does not apply). Every process the code under test makes stays
below it, even after `setsid` or a double fork, so on a kill it can find and
SIGKILL them all and reap every one itself (PID 1 here never reaps orphans).
The worker is a subreaper too, so checks running in it can reap the orphans
of the code they test; it gets the resource limits, sends its result over a
pipe and leaves with `os._exit`. A process forked by the code under test that
returns into the worker's harness code is caught there and exits at once.
"""
from __future__ import annotations

import ctypes
import gc
import os
import pickle
import resource
import select
import signal
import time
import traceback
import warnings
from dataclasses import dataclass

import psutil

from . import cgroup, sealed, wire
from .i18n import msg

# The code under test may replace os._exit (or the probe does, to name the
# line that calls it): the harness keeps its own reference.
_hard_exit = os._exit

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
KILL_GRACE = 5.0
MAX_LISTED = 10


class SandboxTimeout(AssertionError):
    """The sandboxed call did not finish within its deadline."""


class SandboxCrash(AssertionError):
    """The sandboxed call ended without delivering a result."""

    status = "it was killed"   # how the process ended, for messages


class StrayProcess(AssertionError):
    """A process forked by the code under test returned into harness code."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of the worker (None leaves a limit as it is)."""
    open_files: int | None = 4096
    memory_bytes: int | None = 4 << 30
    cpu_seconds: int | None = 120
    processes: int = 256          # pids cgroup, or RLIMIT_NPROC headroom


def _prctl(option: int, value: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(option, value, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}, {value}) failed")


def _fork() -> int:
    # Uncollected sockets would be inherited and close later; they are young
    # garbage (a failed check's traceback), so the young generations do
    # (a full collection costs 50 ms on Hypothesis's heap, per fork).
    gc.collect(1)
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r".*fork.*may lead to deadlocks in the child.*",
            category=DeprecationWarning)
        return os.fork()


def _default_signals() -> None:
    for sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGCHLD,
                signal.SIGUSR1, signal.SIGUSR2, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    # As CPython starts every process: a write to a gone peer raises
    # BrokenPipeError instead of killing the writer.
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def _apply_limits(limits: Limits) -> None:
    def lower(which: int, value: int | None) -> None:
        if value is None:
            return
        soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, hard))

    lower(resource.RLIMIT_NOFILE, limits.open_files)
    lower(resource.RLIMIT_AS, limits.memory_bytes)
    lower(resource.RLIMIT_CPU, limits.cpu_seconds)
    lower(resource.RLIMIT_CORE, 0)
    if os.geteuid() != 0:  # root ignores RLIMIT_NPROC; the cgroup covers it
        lower(resource.RLIMIT_NPROC, _user_process_count() + limits.processes)


def _user_process_count() -> int:
    uid = os.getuid()
    return sum(1 for p in psutil.process_iter(["uids"])
               if p.info["uids"] and p.info["uids"].real == uid)


def _describe_error(exc: BaseException) -> tuple:
    """A picklable description of `exc`: the exception itself when possible."""
    where = _origin(exc)
    if where:
        exc.netlab_origin = where
    exc.add_note("raised in the sandbox child:\n"
                 + "".join(traceback.format_exception(exc)).rstrip())
    try:
        pickle.loads(pickle.dumps(exc))
        return ("raise", exc)
    except Exception:  # noqa: BLE001 - unpicklable exceptions are common
        return ("raise-text", type(exc).__name__, str(exc),
                "".join(traceback.format_exception(exc)), where)


def _origin(exc: BaseException) -> str | None:
    """'module.qualname' of the innermost frame of the exception."""
    tb = exc.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    module = tb.tb_frame.f_globals.get("__name__", "?").rsplit(".", 1)[-1]
    return f"{module}.{code.co_qualname}"


class _Current:
    result_fd: int | None = None


def move_result_fd(fd: int) -> None:
    """In a sandbox worker: put the result pipe at descriptor `fd`."""
    _Current.result_fd = os.dup2(_Current.result_fd, fd)


def _worker(fn, args, kwargs, result_fd: int, limits: Limits) -> None:
    me = os.getpid()
    _Current.result_fd = result_fd
    try:
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
        _apply_limits(limits)
        sealed.prepare_child(fn)
        wire.send(result_fd, ("started", me))
        try:
            message = ("ok", fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - everything is reported
            message = _describe_error(exc)
        result_fd = _Current.result_fd   # fn may have moved it (a sealed host does)
        if os.getpid() != me:
            wire.send(result_fd, ("stray", os.getpid(), os.getppid()))
            _hard_exit(70)
        try:
            wire.send(result_fd, message)
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
            wire.send(result_fd, ("raise-text", type(exc).__name__,
                                  f"the result could not be sent back: {exc}",
                                  "", None))
    finally:
        _hard_exit(0)


class _KillNow(Exception):
    pass


_waiting_for_worker = False


def _on_sigterm(signum, frame):
    if _waiting_for_worker:  # elsewhere the supervisor is already ending
        raise _KillNow()


def _supervisor(fn, args, kwargs, result_fd: int, status_fd: int,
                limits: Limits, cgroup_dir: str | None) -> None:
    global _waiting_for_worker
    try:
        os.setpgid(0, 0)
        signal.signal(signal.SIGTERM, _on_sigterm)
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
        if cgroup_dir:
            cgroup.join(cgroup_dir)
        worker = os.fork()
        if worker == 0:
            os.setpgid(0, 0)
            os.close(status_fd)
            _default_signals()
            _worker(fn, args, kwargs, result_fd, limits)
        os.close(result_fd)
        try:
            os.setpgid(worker, worker)  # both sides, so killpg never misses
        except OSError:
            pass
        status = None
        _waiting_for_worker = True
        try:
            while status is None:  # reap adopted orphans until the worker ends
                pid, raw = os.waitpid(-1, 0)
                if pid == worker:
                    status = os.waitstatus_to_exitcode(raw)
        except _KillNow:
            pass
        _waiting_for_worker = False
        # Once the worker is reaped its pid may be reused: kill its group only
        # while it is still ours.
        leftovers = _kill_descendants(worker if status is None else None)
        wire.send(status_fd, ("exit", status, leftovers))
    finally:
        _hard_exit(0)


def _kill_descendants(worker: int | None) -> list[str]:
    """SIGKILL every descendant and reap them all; describe the live ones.

    The worker's process group goes first, in one atomic kill. Processes that
    left it (setsid) are frozen with SIGSTOP round by round until none is left
    running, so a fork bomb cannot refill the slots the kills free, then
    killed.
    """
    if worker is not None:
        _signal_group(worker, signal.SIGKILL)
    described: list[str] = []
    end = time.monotonic() + KILL_GRACE
    while time.monotonic() < end:
        live = [p for p in _descendants() if _status_of(p) not in
                (None, psutil.STATUS_ZOMBIE, psutil.STATUS_STOPPED)]
        if live:
            described += [_describe_process(p, state=False)
                          for p in live[:MAX_LISTED]]
            for proc in live:
                _signal(proc.pid, signal.SIGSTOP)
            continue
        for proc in _descendants():
            _signal(proc.pid, signal.SIGKILL)
        if _reap_all(end):
            break
    return described[:MAX_LISTED]


def _descendants() -> list[psutil.Process]:
    try:
        return psutil.Process().children(recursive=True)
    except psutil.Error:
        return []


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except OSError:
        pass


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def _reap_all(end: float) -> bool:
    """Reap children until none is left (True) or `end` passes (False)."""
    while time.monotonic() < end:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if pid == 0:
            if _descendants() and all(_status_of(p) == psutil.STATUS_STOPPED
                                      for p in _descendants()):
                return False  # a new stopped one appeared: kill it too
            select.select([], [], [], 0.001)  # SIGKILLed children are dying
    return False


def _describe_process(proc: psutil.Process, state: bool = True) -> str:
    """'pid N (parent P), sleeping in sk_wait_data': where it is stuck.

    The kernel's wait channel names what a blocked process waits for
    (sk_wait_data: a recv; inet_csk_accept: an accept; do_select / do_sys_poll:
    select or poll); a process that exec'd another program shows its command.
    """
    try:
        with proc.oneshot():
            text = f"pid {proc.pid} (parent {proc.ppid()})"
            if state:
                text += f", {proc.status()}"
                wchan = _wchan(proc.pid)
                if wchan:
                    text += f" in {wchan}"
            cmd = proc.cmdline()
            if cmd != _OWN_CMDLINE:
                text += ": " + " ".join(cmd)[:80]
            return text
    except psutil.Error:
        return f"pid {proc.pid}"


def _wchan(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/wchan") as f:
            value = f.read().strip()
    except OSError:
        return ""
    return "" if value in ("", "0") else value


_OWN_CMDLINE = psutil.Process().cmdline()


class Sandbox:
    """One supervisor + worker pair, seen from the pytest process."""

    def __init__(self, fn, args=(), kwargs=None, limits: Limits = Limits()):
        result_r, result_w = os.pipe()
        status_r, status_w = os.pipe()
        self.cgroup_dir = cgroup.create(limits.processes)
        self.supervisor_pid = _fork()
        if self.supervisor_pid == 0:
            os.close(result_r)
            os.close(status_r)
            _supervisor(fn, args, kwargs or {}, result_w, status_w, limits,
                        self.cgroup_dir)
        os.close(result_w)
        os.close(status_w)
        self._results = wire.Reader(result_r)
        self._status = wire.Reader(status_r)
        self.worker_pid: int | None = None
        self.outcome: tuple | None = None      # the worker's result message
        self.exit: tuple | None = None         # ("exit", status, leftovers)
        self.stray: list[tuple] = []
        self._reaped = False

    # -- reading ---------------------------------------------------------
    def pump(self, timeout: float = 0.0) -> None:
        """Wait up to `timeout` for news and take in what has arrived."""
        if self.exit is None and timeout > 0:
            fds = [r.fd for r in (self._results, self._status) if not r.eof]
            if fds:
                select.select(fds, [], [], timeout)
        for message in self._results.pump():
            kind = message[0]
            if kind == "started":
                self.worker_pid = message[1]
            elif kind == "stray":
                self.stray.append(message)
            elif self.outcome is None:
                self.outcome = message
        for message in self._status.pump():
            self.exit = message
        if self._status.eof and self.exit is None:
            self.exit = ("exit", None, ["the sandbox supervisor died"])

    def wait(self, timeout: float) -> bool:
        """Wait until the worker has ended; False if `timeout` passed first."""
        end = time.monotonic() + timeout
        while self.exit is None:
            left = end - time.monotonic()
            if left <= 0:
                return False
            self.pump(min(left, 1.0))
        self.pump()
        return True

    @property
    def done(self) -> bool:
        self.pump()
        return self.exit is not None

    # -- inspecting ------------------------------------------------------
    def _signal_worker_group(self, sig: int) -> None:
        """Signal the worker's process group, if the worker is still ours.

        The worker is the supervisor's child; once it is reaped its pid (and
        so the group id) may belong to an unrelated process.
        """
        if not self.worker_pid or self.exit is not None:
            return
        try:
            worker = psutil.Process(self.worker_pid)
            if worker.ppid() != self.supervisor_pid:
                return
        except psutil.Error:
            return
        _signal_group(self.worker_pid, sig)

    def freeze(self) -> None:
        """SIGSTOP the worker's process group, so a busy tree can be looked at."""
        self._signal_worker_group(signal.SIGSTOP)

    def describe_worker(self) -> str:
        """The worker's state and what it waits for ('' if it is gone)."""
        try:
            return _describe_process(psutil.Process(self.worker_pid))
        except (psutil.Error, TypeError, ValueError):
            return ""

    def running(self) -> list[str]:
        """Descriptions of the processes now alive in the sandbox (frozen)."""
        try:
            procs = psutil.Process(self.supervisor_pid).children(recursive=True)
        except psutil.Error:
            return []
        live = [p for p in procs if _status_of(p) != psutil.STATUS_ZOMBIE]
        listed = [_describe_process(p, state=False) for p in live[:MAX_LISTED]
                  if p.pid != self.worker_pid]
        if len(live) > MAX_LISTED:
            listed.append(msg("more_processes", n=len(live) - MAX_LISTED))
        return listed

    # -- ending ----------------------------------------------------------
    def close(self) -> None:
        """Kill everything in the sandbox and reap the supervisor."""
        if self._reaped:
            return
        if self.exit is None:
            # One atomic kill first, before a busy tree starves the supervisor.
            self._signal_worker_group(signal.SIGKILL)
            try:
                os.kill(self.supervisor_pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            if not self.wait(KILL_GRACE + 2):
                self._kill_from_outside()
        self._reap_supervisor()
        for reader in (self._results, self._status):
            os.close(reader.fd)
        cgroup.remove(self.cgroup_dir)

    def _kill_from_outside(self) -> None:
        try:
            procs = psutil.Process(self.supervisor_pid).children(recursive=True)
        except psutil.Error:
            procs = []
        for proc in [psutil.Process(self.supervisor_pid), *procs]:
            try:
                proc.kill()
            except psutil.Error:
                pass

    def _reap_supervisor(self) -> None:
        self._reaped = True
        try:
            os.waitpid(self.supervisor_pid, 0)
        except ChildProcessError:
            pass


def _status_of(proc: psutil.Process) -> str | None:
    try:
        return proc.status()
    except psutil.Error:
        return None


def raise_outcome(box: Sandbox, what: str):
    """Return the worker's result, or raise what the worker raised."""
    if box.stray:
        _, pid, ppid = box.stray[0]
        raise StrayProcess(msg("stray", what=what, pid=pid, ppid=ppid))
    outcome = box.outcome
    if outcome is None:
        status = _exit_text(box.exit[1] if box.exit else None)
        crash = SandboxCrash(msg("crash_no_result", what=what, status=status))
        crash.status = status
        raise crash
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "raise":
        raise outcome[1]
    _, type_name, text, trace, where = outcome
    error = SandboxCrash(msg("crash_raised", what=what, type=type_name, text=text))
    if trace:
        error.add_note("raised in the sandbox child:\n" + trace.rstrip())
    error.netlab_origin = where
    raise error


def _exit_text(status: int | None) -> str:
    if status is None:
        return msg("killed")
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = str(-status)
        return msg("killed_by", name=name)
    return msg("exit_status", status=status)


def run_sandboxed(fn, *args, timeout: float = 10.0, what: str | None = None,
                  limits: Limits = Limits(), **kwargs):
    """Run `fn(*args, **kwargs)` in a sandbox child and return its result.

    Args:
        fn: a module-level function; its result must be picklable.
        timeout: seconds before everything in the sandbox is killed.
        what: how failure messages name the call (default: fn's name).
        limits: resource limits for the worker.

    Returns:
        What `fn` returned.

    Raises:
        What `fn` raised (same type, the child's traceback as a note);
        SandboxTimeout after `timeout`; SandboxCrash if the child died without
        a result; StrayProcess if a forked process returned into the harness.
    """
    what = what or f"{getattr(fn, '__qualname__', fn)}()"
    box = Sandbox(fn, args, kwargs, limits)
    try:
        if not box.wait(timeout):
            worker = box.describe_worker()   # before freezing changes its state
            box.freeze()
            running = [line for line in [worker, *box.running()] if line]
            box.close()
            raise SandboxTimeout(
                msg("sandbox_timeout", what=what, seconds=f"{timeout:g}") + "\n  "
                + "\n  ".join(running or [msg("nothing")]))
        return raise_outcome(box, what)
    finally:
        box.close()
