"""Checks for topic 15, processes: fork, exit codes, wait, 僵尸进程, 孤儿进程, double fork.

Everything that forks runs in the harness sandbox (run_sandboxed): a forked
worker that is a child subreaper, in its own process group, with resource
limits, whose every descendant is killed and reaped when the check ends. The
sandboxed functions below call the implementation there and observe the
result from outside it: ``psutil`` (children, status, ppid), ``/proc``,
``os.waitid(..., WNOWAIT)`` (look without reaping) and pipes the children
write to. The sandbox process is allowed to reap (``waitpid(-1)``), the pytest
process never is.

Clause-to-check map (CURRICULUM.md section 15, and the general rules):

- run_in_child: return value 0-255 → that code, None → 0, arguments passed
  → test_run_in_child_return_values
- run_in_child: sys.exit(n) → n, sys.exit("msg") → 1, sys.exit() and
  sys.exit(None) → 0 → test_run_in_child_sys_exit_forms
- run_in_child: any uncaught BaseException → 1
  → test_run_in_child_exceptions_give_1
- run_in_child: killed by a signal → negative signal number (SIGTERM,
  SIGKILL, SIGSEGV) → test_run_in_child_signals_give_negative_codes
- run_in_child: always os._exit, the child never returns into the caller's
  code (no finally, no cleanup; the harness also catches a process that
  returns into it) → test_run_in_child_child_never_runs_callers_code
- run_in_child: the caller's buffered output is written once, not again by
  the child → test_run_in_child_caller_output_written_once
- run_in_child: the parent waits for its own child (other children of the
  caller are left alone) → test_run_in_child_leaves_other_children_alone
- no zombie and no live child after each call → every run_in_child,
  spawn_all, orphan_report and daemonize check (psutil children of the
  sandbox process)
- exit_code: equals os.waitstatus_to_exitcode on real statuses (exits,
  signals) → test_exit_code_on_real_statuses; on every exit and signal
  status, core dumps included → test_exit_code_matches_waitstatus_to_exitcode
- exit_code: stopped or continued status → ValueError naming the status
  → test_exit_code_rejects_stopped_and_continued
- spawn_all: all children run at the same time (a rendezvous that a serial
  implementation can never complete) → test_spawn_all_runs_children_at_the_same_time
- spawn_all: {pid: exit code}, one entry per callable, each callable run once,
  all reaped → test_spawn_all_returns_each_pid_and_code
- reap_finished: every finished child reaped, signalled ones with negative
  codes, running children left alone and alive, returns in < 0.1 s beside a
  sleeping child → test_reap_finished_reaps_exactly_the_finished_children
- reap_finished: [] when no child has finished and when there are none
  → test_reap_finished_without_finished_children
- make_zombie: returns a pid in state Z that the caller can reap
  → test_make_zombie_returns_an_unreaped_zombie
- is_zombie: True for a zombie, False for running, stopped and tricky-named
  processes → test_is_zombie_states; False for a missing pid
  → test_is_zombie_missing_pid
- orphan_report: the grandchild's new parent is the subreaper (the sandbox
  process), the child is reaped → test_orphan_report_adopted_by_the_subreaper
- daemonize: the grandchild runs fn in a new session, is not a session
  leader, the intermediate child is reaped, the returned pid is the
  grandchild's → test_daemonize_detaches_a_grandchild
- daemonize: the grandchild never returns into the caller's code
  → test_daemonize_grandchild_never_returns_into_caller
"""
import contextlib
import faulthandler
import functools
import io
import os
import select
import signal
import struct
import sys
import threading
import time

import psutil
import pytest
from hypothesis import given, strategies as st

from harness import deadline, run_sandboxed, topic

processes = topic("processes")

SANDBOX = 40.0      # seconds for one sandboxed check: a backstop, never reached
WAIT = 10.0         # seconds for a child to do its small job, on a loaded machine
STRAY_EXIT = 70     # how a process that came back into the check's code ends
_PAIR = struct.Struct("!ii")


# ------------------------------------------------------------ helpers (sandbox)

class _Strays:
    """Notices a forked process of the code under test that comes back into
    the check's code (instead of ending with os._exit) and stops it there."""

    def __init__(self):
        self.me = os.getpid()
        self._r, self._w = os.pipe()
        os.set_blocking(self._r, False)

    @contextlib.contextmanager
    def guard(self, call: str):
        try:
            yield
        finally:
            if os.getpid() != self.me:      # a child, back in the caller's code
                with contextlib.suppress(OSError):
                    os.write(self._w, f"{os.getpid()} {call}\n".encode())
                os._exit(STRAY_EXIT)

    def check(self) -> None:
        try:
            text = os.read(self._r, 65536).decode()
        except BlockingIOError:
            return
        pid, _, call = text.splitlines()[0].partition(" ")
        raise AssertionError(
            f"a forked process (pid {pid}) came back out of {call} into the "
            "caller's code and ran it (its finally blocks, the rest of the "
            "caller): a child must end with os._exit(code) in every case, also "
            "when the function it runs raises or calls sys.exit")


def _children() -> list[tuple[int, str]]:
    """(pid, status) of the sandbox process's children, zombies included."""
    found = []
    for proc in psutil.Process().children():
        with contextlib.suppress(psutil.NoSuchProcess):
            found.append((proc.pid, proc.status()))
    return found


def _assert_no_children(after: str) -> None:
    left = _children()
    assert not left, (
        f"after {after} the caller still has children {left}: a "
        f"{'zombie' if any(s == psutil.STATUS_ZOMBIE for _, s in left) else 'live child'}"
        " is left behind; every child must be waited for (os.waitpid) before "
        "the function returns")


def _reap_everything() -> None:
    """Kill and reap whatever the sandbox process still has (sandbox only)."""
    for proc in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            proc.kill()
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def _fork(child) -> int:
    """Fork a helper child of the check itself, running child() then exiting."""
    pid = os.fork()
    if pid == 0:
        try:
            child()
        finally:
            os._exit(0)
    return pid


def _wait_exited(pid: int, timeout: float = WAIT) -> None:
    """Wait until child `pid` has exited, without reaping it (WNOWAIT)."""
    with deadline(timeout, f"waiting for helper child {pid} to exit"):
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)


def _reap(pid: int, what: str) -> int:
    """Reap child `pid` (bounded); its exit code."""
    with deadline(WAIT, f"waiting for {what} (pid {pid}) to end"):
        _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _read_all(fd: int, what: str) -> bytes:
    chunks = []
    with deadline(WAIT, what, "a process still holds the pipe's write end"):
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def _blocked_child(release_r: int, code: int):
    """A helper child that sleeps reading `release_r`, then exits with `code`."""
    def child():
        os.read(release_r, 1)
        os._exit(code)
    return _fork(child)


# ------------------------------------------------------------ targets (children)

def _return(value):
    return value


def _add(a, b):
    return a + b


def _exit_with(*args):
    sys.exit(*args)


class _CustomBase(BaseException):
    """A BaseException that is not an Exception (like KeyboardInterrupt)."""


def _raise(exc_type):
    raise exc_type("raised on purpose by the check's function")


def _kill_self(signum):
    os.kill(os.getpid(), signum)


def _exit_code(code):
    os._exit(code)


# ------------------------------------------------------------ run_in_child

def _run_cases(cases):
    """[(description, expected, got)] for run_in_child(fn, *args) per case;
    no child may remain after any of them."""
    faulthandler.disable()      # a SIGSEGV child dies quietly
    strays = _Strays()
    results = []
    for text, expected, fn, args in cases:
        with strays.guard(f"run_in_child({text})"):
            got = processes.run_in_child(fn, *args)
        strays.check()
        _assert_no_children(f"run_in_child({text}) returned {got!r}")
        results.append((text, expected, got))
    return results


def _assert_cases(results, hint: str) -> None:
    wrong = [(text, expected, got) for text, expected, got in results if got != expected]
    assert not wrong, "; ".join(
        f"run_in_child({text}) returned {got!r}, expected {expected!r}"
        for text, expected, got in wrong) + f": {hint}"


def test_run_in_child_return_values():
    """run_in_child returns the child's exit code: fn's return value 0-255, 0 for None.

    Hint: in the child, exit with os._exit(code) where code is what fn
    returned (0 when it returned None); in the parent, os.waitpid(pid, 0)
    and decode the status.

    中文: 检查 run_in_child 返回子进程的退出码: fn 返回 0-255 的整数就用它, 返回 None 为 0。

    提示: 子进程里用 os._exit(code) 退出, code 是 fn 的返回值 (None 对应 0);
    父进程用 os.waitpid(pid, 0) 回收子进程并解码 status。
    """
    cases = [("return 0", 0, _return, (0,)), ("return 7", 7, _return, (7,)),
             ("return 255", 255, _return, (255,)),
             ("return None", 0, _return, (None,)),
             ("_add, 2, 3 (returns 5)", 5, _add, (2, 3))]
    results = run_sandboxed(_run_cases, cases, timeout=SANDBOX,
                            what="run_in_child with returning functions")
    _assert_cases(results, "the exit code is fn's return value (None gives 0), "
                  "and *args are passed on to fn")


def test_run_in_child_sys_exit_forms():
    """run_in_child: sys.exit(n) gives n, sys.exit("msg") 1, sys.exit() and sys.exit(None) 0.

    Hint: sys.exit raises SystemExit; catch it in the child and turn its
    .code into an exit code the way Python does for a whole program: None →
    0, an int → itself, anything else (a message) → 1. Then os._exit(code).

    中文: 检查 run_in_child 对各种 sys.exit 的处理: sys.exit(n) 得 n, sys.exit("msg") 得 1, sys.exit() 得 0。

    提示: sys.exit 只是抛出 SystemExit 异常; 在子进程中捕获它, 按 Python 程序退出的规则
    换算 .code: None 为 0, 整数就是它本身, 其他 (比如一条消息) 为 1, 然后 os._exit(code)。
    """
    cases = [("sys.exit(3)", 3, _exit_with, (3,)), ("sys.exit(0)", 0, _exit_with, (0,)),
             ("sys.exit(255)", 255, _exit_with, (255,)),
             ("sys.exit('bye')", 1, _exit_with, ("bye",)),
             ("sys.exit()", 0, _exit_with, ()),
             ("sys.exit(None)", 0, _exit_with, (None,))]
    results = run_sandboxed(_run_cases, cases, timeout=SANDBOX,
                            what="run_in_child with functions calling sys.exit")
    _assert_cases(results, "catch SystemExit in the child: code None → 0, an "
                  "int → itself, a message → 1")


def test_run_in_child_exceptions_give_1():
    """run_in_child returns 1 when fn raises any exception, KeyboardInterrupt included.

    Hint: catch BaseException (not just Exception) in the child, so that
    KeyboardInterrupt and other BaseExceptions also end it with os._exit(1).

    中文: 检查 fn 抛出任何异常 (包括 KeyboardInterrupt) 时 run_in_child 返回 1。

    提示: 子进程里要捕获 BaseException 而不只是 Exception, 这样 KeyboardInterrupt 等
    异常也会以 os._exit(1) 结束子进程。
    """
    cases = [("raises ValueError", 1, _raise, (ValueError,)),
             ("raises KeyboardInterrupt", 1, _raise, (KeyboardInterrupt,)),
             ("raises a BaseException subclass", 1, _raise, (_CustomBase,))]
    results = run_sandboxed(_run_cases, cases, timeout=SANDBOX,
                            what="run_in_child with raising functions")
    _assert_cases(results, "an uncaught exception of any kind ends the child "
                  "with exit code 1")


def test_run_in_child_signals_give_negative_codes():
    """run_in_child returns -signum when a signal kills the child (SIGTERM, SIGKILL, SIGSEGV).

    Hint: for a signalled child os.WIFEXITED is false and WEXITSTATUS means
    nothing (it reads 0); test os.WIFSIGNALED and return -os.WTERMSIG(status).

    中文: 检查子进程被信号杀死时 run_in_child 返回负的信号编号 (SIGTERM, SIGKILL, SIGSEGV)。

    提示: 被信号杀死的子进程 WIFEXITED 为假, 这时 WEXITSTATUS 没有意义 (读出来是 0);
    要先判断 os.WIFSIGNALED, 再返回 -os.WTERMSIG(status)。
    """
    cases = [(f"kills itself with {sig.name}", -sig, _kill_self, (sig,))
             for sig in (signal.SIGTERM, signal.SIGKILL, signal.SIGSEGV)]
    results = run_sandboxed(_run_cases, cases, timeout=SANDBOX,
                            what="run_in_child with functions killed by a signal")
    _assert_cases(results, "a child killed by a signal gives -signum (as "
                  "os.waitstatus_to_exitcode does)")


def _runs_callers_code():
    """Which functions made a child come back into the caller's code."""
    r, w = os.pipe()
    me = os.getpid()
    for text, fn, args in [("raises ValueError", _raise, (ValueError,)),
                           ("raises KeyboardInterrupt", _raise, (KeyboardInterrupt,)),
                           ("calls sys.exit(3)", _exit_with, (3,)),
                           ("returns 0", _return, (0,))]:
        try:
            processes.run_in_child(fn, *args)
        finally:
            if os.getpid() != me:   # the child unwound into our finally block
                os.write(w, f"{text}\n".encode())
                os._exit(STRAY_EXIT)
        _assert_no_children(f"run_in_child(fn that {text})")
    os.close(w)
    return _read_all(r, "reading the children's reports").decode().splitlines()


@pytest.mark.points(2)
def test_run_in_child_child_never_runs_callers_code():
    """The child of run_in_child never returns into the caller's code, whatever fn does.

    Hint: sys.exit in the child raises SystemExit, which unwinds through the
    caller's finally blocks, its loops, a test runner: the child then runs
    the parent's code a second time. End the child with os._exit(code), in a
    finally block, so no path out of fn skips it.

    中文: 检查 run_in_child 的子进程无论 fn 做什么都不会回到调用者的代码里继续执行。

    提示: 子进程里调用 sys.exit 会抛出 SystemExit, 一路穿过调用者的 finally、循环和测试框架,
    子进程就把父进程的代码又执行了一遍。要在 finally 里用 os._exit(code) 结束子进程,
    保证 fn 不论怎样结束都不会跳过它。
    """
    came_back = run_sandboxed(_runs_callers_code, timeout=SANDBOX,
                              what="run_in_child with a caller's finally block")
    if came_back:
        raise AssertionError(
            "run_in_child(fn) where fn " + " / ".join(came_back) + ": the child "
            "came back out of run_in_child and ran the caller's finally block; "
            "the child must end with os._exit(code) whatever fn does (sys.exit "
            "only raises SystemExit, which unwinds through the caller's code)")


def _caller_output_count():
    r, w = os.pipe()
    out = io.TextIOWrapper(io.BufferedWriter(io.FileIO(w, "w"), 1 << 16),
                           encoding="utf-8", line_buffering=False)
    real, sys.stdout = sys.stdout, out
    strays = _Strays()
    try:
        print("caller's buffered line")          # not flushed yet
        with strays.guard("run_in_child(fn that raises ValueError)"):
            code = processes.run_in_child(_raise, ValueError)
        strays.check()
        print("caller's line after the call")
        out.flush()
    finally:
        sys.stdout = real
        out.close()
    text = _read_all(r, "reading the caller's stdout pipe").decode()
    return code, text.count("caller's buffered line"), text


def test_run_in_child_caller_output_written_once():
    """Text the caller printed before run_in_child, not yet flushed, comes out once.

    Hint: the child inherits a copy of the parent's stdout buffer. If the
    child flushes it (or exits through sys.exit, which flushes), the
    caller's text is written twice. Flush sys.stdout and sys.stderr before
    os.fork(), so the child's copy starts empty.

    中文: 检查调用者在 run_in_child 之前打印但尚未刷新的内容只输出一次。

    提示: 子进程继承了父进程 stdout 缓冲区的一份副本。子进程刷新它 (或经 sys.exit 退出时
    自动刷新), 调用者的内容就输出了两遍。在 os.fork() 之前先刷新 sys.stdout 和 sys.stderr,
    子进程的缓冲区就是空的。
    """
    code, count, text = run_sandboxed(_caller_output_count, timeout=SANDBOX,
                                      what="run_in_child after a buffered print")
    assert count == 1, (
        f"the caller printed one line (buffered, not flushed), called "
        f"run_in_child(fn that raises) and flushed; its stdout received the "
        f"line {count} times ({text!r}): the child wrote out its inherited copy "
        "of the caller's buffer; flush sys.stdout/sys.stderr before os.fork()")
    assert code == 1, f"run_in_child(fn that raises ValueError) returned {code!r}, expected 1"


def _other_children_left_alone():
    release_r, release_w = os.pipe()
    zombie = _fork(lambda: os._exit(9))
    _wait_exited(zombie)
    sleeper = _blocked_child(release_r, 6)
    try:
        strays = _Strays()
        with strays.guard("run_in_child(fn returning 4)"):
            got = processes.run_in_child(_return, 4)
        strays.check()
        assert got == 4, (
            f"run_in_child(fn returning 4) returned {got!r} while the caller "
            "had another child that had exited with 9: wait for *your* child, "
            "os.waitpid(pid, 0), not os.wait() (which reaps any child)")
        states = dict(_children())
        assert states.get(zombie) == psutil.STATUS_ZOMBIE, (
            f"the caller's own zombie child (pid {zombie}) was reaped by "
            "run_in_child: wait only for the child you forked, os.waitpid(pid, 0)")
        assert states.get(sleeper) not in (None, psutil.STATUS_ZOMBIE), (
            f"the caller's other child (pid {sleeper}), sleeping, is gone: "
            f"run_in_child must leave it alone (children now: {states})")
        assert set(states) == {zombie, sleeper}, (
            f"after run_in_child returned, the caller has children {states}; "
            f"only its own two ({zombie}, {sleeper}) should remain: run_in_child's "
            "child must be reaped")
        os.write(release_w, b"x")
        assert _reap(zombie, "the caller's zombie") == 9
        assert _reap(sleeper, "the caller's sleeping child") == 6
    finally:
        _reap_everything()


def test_run_in_child_leaves_other_children_alone():
    """run_in_child waits for its own child only; the caller's other children stay as they are.

    Hint: os.wait() reaps whichever child ended first, maybe one the caller
    made, and returns its status. Use os.waitpid(pid, 0) with the pid fork
    gave you.

    中文: 检查 run_in_child 只等待自己创建的子进程, 调用者的其他子进程保持原样。

    提示: os.wait() 回收最先结束的任意一个子进程, 可能是调用者自己的, 返回的也是它的状态。
    应该用 fork 返回的 pid 调用 os.waitpid(pid, 0)。
    """
    run_sandboxed(_other_children_left_alone, timeout=SANDBOX,
                  what="run_in_child beside the caller's other children")


# ------------------------------------------------------------ exit_code

def _real_statuses():
    """Raw wait statuses of real children: (description, status)."""
    faulthandler.disable()
    found = []
    for code in (0, 1, 42, 255):
        pid = _fork(functools.partial(os._exit, code))
        found.append((f"a child that exited with {code}", os.waitpid(pid, 0)[1]))
    for sig in (signal.SIGTERM, signal.SIGKILL, signal.SIGSEGV, signal.SIGINT):
        pid = _fork(functools.partial(_kill_self, sig))
        found.append((f"a child killed by {sig.name}", os.waitpid(pid, 0)[1]))
    return found


def _stopped_and_continued():
    """Raw statuses of a stopped child (WUNTRACED) and a continued one (WCONTINUED)."""
    release_r, release_w = os.pipe()
    pid = _blocked_child(release_r, 0)
    try:
        os.kill(pid, signal.SIGSTOP)
        with deadline(WAIT, "waitpid(WUNTRACED) for a SIGSTOPped child"):
            _, stopped = os.waitpid(pid, os.WUNTRACED)
        os.kill(pid, signal.SIGCONT)
        with deadline(WAIT, "waitpid(WCONTINUED) for a SIGCONTinued child"):
            _, continued = os.waitpid(pid, os.WCONTINUED)
        os.write(release_w, b"x")
        _reap(pid, "the stopped child")
    finally:
        _reap_everything()
    return stopped, continued


def test_exit_code_on_real_statuses():
    """exit_code decodes real wait statuses exactly as os.waitstatus_to_exitcode does.

    Hint: if os.WIFEXITED(status): os.WEXITSTATUS(status); elif
    os.WIFSIGNALED(status): -os.WTERMSIG(status). The order matters: a
    signalled status has exit-status bits of 0.

    中文: 检查 exit_code 对真实的等待状态 (正常退出、被信号杀死) 的解码与 os.waitstatus_to_exitcode 一致。

    提示: 先 os.WIFEXITED(status) 则返回 os.WEXITSTATUS(status); 否则 os.WIFSIGNALED(status)
    则返回 -os.WTERMSIG(status)。被信号杀死时退出码那几位是 0, 不能直接用 WEXITSTATUS。
    """
    statuses = run_sandboxed(_real_statuses, timeout=SANDBOX,
                             what="collecting real wait statuses")
    for text, status in statuses:
        expected = os.waitstatus_to_exitcode(status)
        with deadline(1.0, f"exit_code({status:#x})"):
            got = processes.exit_code(status)
        assert got == expected, (
            f"exit_code({status:#06x}) (the status of {text}) returned {got!r}; "
            f"os.waitstatus_to_exitcode gives {expected!r}")


_exit_statuses = st.integers(0, 255).map(lambda code: code << 8)
_signal_statuses = st.builds(lambda sig, core: sig | (0x80 if core else 0),
                             st.integers(1, 64), st.booleans())


@given(status=st.one_of(_exit_statuses, _signal_statuses))
def test_exit_code_matches_waitstatus_to_exitcode(status):
    """exit_code agrees with os.waitstatus_to_exitcode on every exit and signal status.

    Hint: the low 7 bits hold the signal number (0 for a normal exit), bit
    0x80 says a core was dumped, the next byte holds the exit code. Use the
    os.W* functions rather than your own bit arithmetic.

    中文: 检查 exit_code 对所有正常退出和被信号终止 (含 core dump) 的状态与 os.waitstatus_to_exitcode 一致。

    提示: 低 7 位是信号编号 (正常退出为 0), 0x80 位表示产生了 core 文件, 再往上一个字节是退出码。
    用 os.W* 系列函数解码, 不要自己做位运算。
    """
    expected = os.waitstatus_to_exitcode(status)
    got = processes.exit_code(status)
    assert got == expected, (
        f"exit_code({status:#06x}) returned {got!r}; os.waitstatus_to_exitcode "
        f"gives {expected!r}")


def test_exit_code_rejects_stopped_and_continued():
    """exit_code raises ValueError naming the status for a stopped or a continued child.

    Hint: with WUNTRACED/WCONTINUED, waitpid also reports children that were
    stopped or continued: they have not ended and have no exit code. Raise
    ValueError unless WIFEXITED or WIFSIGNALED is true.

    中文: 检查 exit_code 对被暂停或被继续的子进程状态抛出 ValueError, 消息里写出该状态值。

    提示: 带 WUNTRACED/WCONTINUED 时, waitpid 也会报告被暂停或继续运行的子进程:
    它们没有结束, 没有退出码。除非 WIFEXITED 或 WIFSIGNALED 为真, 否则抛出 ValueError。
    """
    stopped, continued = run_sandboxed(_stopped_and_continued, timeout=SANDBOX,
                                       what="collecting stopped/continued statuses")
    for text, status in (("stopped (SIGSTOP, WUNTRACED)", stopped),
                         ("continued (SIGCONT, WCONTINUED)", continued)):
        try:
            got = processes.exit_code(status)
        except ValueError as exc:
            assert str(status) in str(exc) or hex(status) in str(exc), (
                f"exit_code({status}) for a {text} child raised ValueError"
                f"({str(exc)!r}); the message should name the status {status}")
            continue
        raise AssertionError(
            f"exit_code({status:#06x}), the status of a {text} child, returned "
            f"{got!r}; expected ValueError: that child has not ended")


# ------------------------------------------------------------ spawn_all

def _arrive_and_wait(arrive_w: int, go_r: int, code: int):
    """A spawn_all child: say 'started' (its pid), wait for every sibling."""
    os.write(arrive_w, struct.pack("!i", os.getpid()))
    ready, _, _ = select.select([go_r], [], [], 30)
    os._exit(code if ready and os.read(go_r, 1) == b"g" else 99)


def _rendezvous(n: int):
    """spawn_all of n children that can only finish once all n have started."""
    arrive_r, arrive_w = os.pipe()
    go_r, go_w = os.pipe()
    seen: list[int] = []

    def coordinator():
        buf = b""
        last = time.monotonic()
        while len(seen) < n and time.monotonic() - last < 3.0:
            ready, _, _ = select.select([arrive_r], [], [], 0.1)
            if ready:
                buf += os.read(arrive_r, 4 * n)
                while len(buf) >= 4:
                    seen.append(struct.unpack("!i", buf[:4])[0])
                    buf = buf[4:]
                last = time.monotonic()
        # all there: let them go; otherwise release every child with "no"
        os.write(go_w, (b"g" if len(seen) == n else b"n") * (4 * n))

    thread = threading.Thread(target=coordinator, daemon=True)
    thread.start()
    strays = _Strays()
    try:
        fns = [functools.partial(_arrive_and_wait, arrive_w, go_r, 10 + i) for i in range(n)]
        with strays.guard("spawn_all"):
            codes = processes.spawn_all(fns)
        strays.check()
        together = len(seen) == n
        thread.join(WAIT)
        _assert_no_children("spawn_all returned")
        return together, len(seen), codes
    finally:
        _reap_everything()


@pytest.mark.points(2)
def test_spawn_all_runs_children_at_the_same_time():
    """spawn_all runs every child at the same time: forks them all before waiting.

    Hint: the children here wait for each other; a spawn_all that forks one
    child and waits for it before forking the next never gets them
    together. Fork in one loop, collect the pids, then reap in a second loop.

    中文: 检查 spawn_all 让所有子进程同时运行: 先全部 fork, 再逐个等待。

    提示: 这里的子进程会互相等待; 如果 spawn_all 每创建一个子进程就等它结束再创建下一个,
    它们永远凑不齐。先用一个循环全部 fork 并记下 pid, 再用第二个循环回收。
    """
    together, started, codes = run_sandboxed(
        _rendezvous, 3, timeout=SANDBOX, what="spawn_all with 3 children that wait for each other")
    assert together, (
        f"spawn_all(3 callables that each wait until all 3 have started): only "
        f"{started} of 3 children were running at the same time (the others "
        "were released after 3 s); fork them all first, then wait for them")
    assert sorted(codes.values()) == [10, 11, 12], (
        f"spawn_all returned {codes!r}; expected the exit codes 10, 11, 12 of "
        "the three children")


def _report_and_end(w: int, index: int, how: str):
    """A spawn_all child: report (index, pid), then end as `how` says."""
    os.write(w, _PAIR.pack(index, os.getpid()))
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if how.startswith("exit"):
        os._exit(int(how[4:]))
    return None  # how == "return": a normal return


def _spawn_codes():
    r, w = os.pipe()
    hows = ["exit0", "exit3", "return", "exit200", "kill"]
    expected_codes = {"exit0": 0, "exit3": 3, "return": 0, "exit200": 200, "kill": -9}
    strays = _Strays()
    try:
        with strays.guard("spawn_all([])"):
            empty = processes.spawn_all([])
        strays.check()
        assert empty == {}, f"spawn_all([]) returned {empty!r}, expected {{}}"
        fns = [functools.partial(_report_and_end, w, i, how) for i, how in enumerate(hows)]
        with strays.guard("spawn_all"):
            codes = processes.spawn_all(fns)
        strays.check()
        children = _children()
        os.close(w)
        reports = _read_all(r, "reading the children's reports")
        ran = [_PAIR.unpack_from(reports, k) for k in range(0, len(reports), _PAIR.size)]
        return codes, ran, children, hows, expected_codes
    finally:
        _reap_everything()


def test_spawn_all_returns_each_pid_and_code():
    """spawn_all runs each callable once, reaps every child, returns {pid: exit code}.

    Hint: keep the pid of every fork, then os.waitpid(pid, 0) for each one
    (a single os.wait() reaps one child and leaves the others as zombies);
    the child of a callable that returns must still end with os._exit, or
    it goes on forking its siblings' children.

    中文: 检查 spawn_all 每个函数只运行一次, 回收所有子进程, 返回 {pid: 退出码}。

    提示: 记下每次 fork 的 pid, 然后对每个 pid 调用 os.waitpid(pid, 0)
    (只调用一次 os.wait() 只回收一个子进程, 其余都成了僵尸进程);
    函数正常返回后子进程也必须 os._exit, 否则它会继续执行循环, 再去创建别的子进程。
    """
    codes, ran, children, hows, expected = run_sandboxed(
        _spawn_codes, timeout=SANDBOX, what="spawn_all with five callables")
    by_index = {}
    for index, pid in ran:
        by_index.setdefault(index, []).append(pid)
    twice = {i: pids for i, pids in by_index.items() if len(pids) > 1}
    assert not twice, (
        f"spawn_all(5 callables): some callables ran more than once ({twice}, "
        "index: pids): a child went on with the parent's loop after its "
        "callable returned; end every child with os._exit")
    assert sorted(by_index) == list(range(len(hows))), (
        f"spawn_all(5 callables): only callables {sorted(by_index)} ran")
    wanted = {pids[0]: expected[hows[i]] for i, pids in by_index.items()}
    assert not children, (
        f"after spawn_all returned the caller still has children {children}: "
        "reap every child (os.waitpid for each pid), not just one")
    assert codes == wanted, (
        f"spawn_all(callables that exit with 0, 3, return None, exit with 200, "
        f"are killed by SIGKILL) returned {codes!r}; expected {wanted!r} "
        "(pid: exit code, -9 for SIGKILL)")


# ------------------------------------------------------------ reap_finished

def _reap_scene():
    """Three finished children (exit 3, exit 0, SIGKILL) beside a sleeping one."""
    release_r, release_w = os.pipe()
    strays = _Strays()
    try:
        sleeper = _blocked_child(release_r, 5)
        three = _fork(functools.partial(os._exit, 3))
        zero = _fork(functools.partial(os._exit, 0))
        killed = _fork(functools.partial(os.read, release_r, 1))
        os.kill(killed, signal.SIGKILL)
        for pid in (three, zero, killed):
            _wait_exited(pid)
        calls = []
        hint = ("waitpid(-1, 0) blocks until the sleeping child ends: pass "
                "os.WNOHANG and stop when it returns (0, 0)")
        for _ in range(3):
            start = time.perf_counter()
            with deadline(1.0, "reap_finished() while a child still sleeps", hint):
                with strays.guard("reap_finished()"):
                    got = processes.reap_finished()
            calls.append((got, time.perf_counter() - start))
        strays.check()
        sleeper_state = dict(_children()).get(sleeper)
        os.write(release_w, b"x")
        _wait_exited(sleeper)
        with deadline(1.0, "reap_finished() after the last child ended", hint):
            last = processes.reap_finished()
        left = _children()
        return (dict(sleeper=sleeper, three=three, zero=zero, killed=killed),
                calls, sleeper_state, last, left)
    finally:
        _reap_everything()


@pytest.mark.points(2)
def test_reap_finished_reaps_exactly_the_finished_children():
    """reap_finished reaps every finished child at once, codes included, and leaves a running one alone.

    Hint: loop on os.waitpid(-1, os.WNOHANG): (0, 0) means children are
    left but none has finished (stop), ChildProcessError means there are
    none (stop); otherwise record (pid, exit code) and go on. A killed child
    has a negative code. Never block.

    中文: 检查 reap_finished 一次回收所有已结束的子进程 (含退出码), 不动仍在运行的子进程。

    提示: 循环调用 os.waitpid(-1, os.WNOHANG): 返回 (0, 0) 表示还有子进程但都没结束 (停止),
    ChildProcessError 表示没有子进程 (停止); 否则记录 (pid, 退出码) 继续。被信号杀死的
    子进程退出码为负数。任何时候都不能阻塞。
    """
    pids, calls, sleeper_state, last, left = run_sandboxed(
        _reap_scene, timeout=SANDBOX, what="reap_finished beside a sleeping child")
    first = calls[0][0]
    expected = {(pids["three"], 3), (pids["zero"], 0), (pids["killed"], -9)}
    assert sorted(first) == sorted(expected), (
        f"reap_finished() with three finished children (exit 3: pid "
        f"{pids['three']}, exit 0: pid {pids['zero']}, SIGKILL: pid "
        f"{pids['killed']}) and one sleeping child returned {first!r}; expected "
        f"{sorted(expected)} in any order: call waitpid(-1, WNOHANG) again "
        "until it returns (0, 0)")
    assert [got for got, _ in calls[1:]] == [[], []], (
        f"reap_finished() called again with only a sleeping child returned "
        f"{[got for got, _ in calls[1:]]!r}; expected [] both times")
    assert sleeper_state not in (None, psutil.STATUS_ZOMBIE), (
        f"the sleeping child (pid {pids['sleeper']}) did not survive "
        f"reap_finished (state {sleeper_state}): a running child must be left alone")
    fastest = min(seconds for _, seconds in calls)
    assert fastest < 0.1, (
        f"reap_finished() beside a sleeping child took {fastest:.3f} s at best "
        "(of 3 calls); it must return in milliseconds: never wait, only WNOHANG")
    assert last == [(pids["sleeper"], 5)], (
        f"reap_finished() after the sleeping child exited with 5 returned "
        f"{last!r}; expected [({pids['sleeper']}, 5)]")
    assert not left, f"children left after reap_finished reaped everything: {left}"


def _reap_nothing():
    strays = _Strays()
    with deadline(1.0, "reap_finished() without children"):
        with strays.guard("reap_finished()"):
            none = processes.reap_finished()
    strays.check()
    release_r, release_w = os.pipe()
    try:
        sleeper = _blocked_child(release_r, 0)
        with deadline(1.0, "reap_finished() beside one sleeping child",
                      "use os.WNOHANG: waitpid(-1, 0) blocks until a child ends"):
            with strays.guard("reap_finished()"):
                running = processes.reap_finished()
        strays.check()
        alive = dict(_children()).get(sleeper)
        return none, running, alive
    finally:
        _reap_everything()


def test_reap_finished_without_finished_children():
    """reap_finished returns [] when no child has finished and when there are no children.

    Hint: waitpid(-1, WNOHANG) raises ChildProcessError when the caller has
    no children at all: that is the normal end of the loop, not an error to
    let out. With children that all still run it returns (0, 0).

    中文: 检查没有已结束的子进程或根本没有子进程时, reap_finished 返回 []。

    提示: 调用者一个子进程都没有时, waitpid(-1, WNOHANG) 抛出 ChildProcessError:
    这是循环的正常结束, 不要让它抛出去。子进程都还在运行时它返回 (0, 0)。
    """
    none, running, alive = run_sandboxed(
        _reap_nothing, timeout=SANDBOX, what="reap_finished with nothing to reap")
    assert none == [], f"reap_finished() with no children returned {none!r}, expected []"
    assert running == [], (
        f"reap_finished() beside one sleeping child returned {running!r}, expected []")
    assert alive not in (None, psutil.STATUS_ZOMBIE), (
        "the sleeping child did not survive reap_finished(): leave running children alone")


# ------------------------------------------------------------ make_zombie / is_zombie

def _zombie_facts():
    strays = _Strays()
    try:
        with deadline(WAIT, "make_zombie()", "wait for the child's exit without "
                      "reaping it: os.waitid(P_PID, pid, WEXITED | WNOWAIT)"):
            with strays.guard("make_zombie()"):
                pid = processes.make_zombie()
        strays.check()
        try:
            proc = psutil.Process(pid)
            status, ppid = proc.status(), proc.ppid()
        except psutil.NoSuchProcess:
            status, ppid = None, None
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            state = stat[stat.rindex(b")") + 2:][:1].decode()
        except FileNotFoundError:
            state = None
        try:
            reaped = _reap(pid, "the zombie") is not None
        except ChildProcessError:
            reaped = False
        left = _children()
        return pid, status, ppid, state, reaped, left, os.getpid()
    finally:
        _reap_everything()


def test_make_zombie_returns_an_unreaped_zombie():
    """make_zombie returns the pid of its child in state Z, which the caller can still reap.

    Hint: the child must have exited (so it is Z, not R or S) and must not be
    reaped (or it is gone). os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    waits for the exit and leaves the child waitable.

    中文: 检查 make_zombie 返回的子进程处于 Z 状态 (僵尸进程), 调用者还能回收它。

    提示: 子进程必须已经退出 (状态是 Z 而不是 R 或 S), 又不能被回收 (否则它就消失了)。
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT) 等待子进程退出, 但保留它的状态不回收。
    """
    pid, status, ppid, state, reaped, left, me = run_sandboxed(
        _zombie_facts, timeout=SANDBOX, what="make_zombie()")
    assert status is not None, (
        f"make_zombie() returned {pid}, but no process {pid} exists: the child "
        "was reaped (waitpid) before returning; a zombie is a child that has "
        "exited and has NOT been waited for")
    assert status == psutil.STATUS_ZOMBIE and state == "Z", (
        f"make_zombie() returned {pid}, whose state is {status!r} (/proc says "
        f"{state!r}), expected a zombie (Z): return only once the child has exited")
    assert ppid == me, f"process {pid} from make_zombie() has parent {ppid}, not the caller {me}"
    assert reaped, f"the caller could not reap the zombie {pid} with os.waitpid"
    assert not left, f"make_zombie left other children behind: {left}"


def _named_child(release_r: int, name: bytes):
    def child():
        import ctypes
        ctypes.CDLL(None).prctl(15, ctypes.c_char_p(name), 0, 0, 0)  # PR_SET_NAME
        os.read(release_r, 1)
    return _fork(child)


def _zombie_states():
    release_r, release_w = os.pipe()
    try:
        zombie = _fork(lambda: os._exit(0))
        _wait_exited(zombie)
        sleeping = _blocked_child(release_r, 0)
        tricky = _named_child(release_r, b"x) Z (y")
        stopped = _blocked_child(release_r, 0)
        os.kill(stopped, signal.SIGSTOP)
        with deadline(WAIT, "waiting for the SIGSTOPped child to stop"):
            os.waitpid(stopped, os.WUNTRACED)
        with deadline(WAIT, "waiting for the renamed child"):
            while psutil.Process(tricky).name() != "x) Z (y":
                time.sleep(0.001)
        cases = [("a zombie child", zombie, True),
                 ("a sleeping child", sleeping, False),
                 ("a sleeping child named 'x) Z (y'", tricky, False),
                 ("a stopped child (SIGSTOP)", stopped, False),
                 ("the caller itself", os.getpid(), False)]
        got = []
        for text, pid, expected in cases:
            with deadline(1.0, f"is_zombie({pid}) ({text})"):
                got.append((text, pid, expected, processes.is_zombie(pid)))
        return got
    finally:
        _reap_everything()


def test_is_zombie_states():
    """is_zombie is True for a zombie and False for running, sleeping, stopped and oddly named processes.

    Hint: read /proc/<pid>/stat and take the field after the LAST ')': the
    command name in parentheses may contain spaces and ') Z (' itself, so
    split() miscounts. Only state Z is a zombie (T is stopped).

    中文: 检查 is_zombie 对僵尸进程为 True, 对运行、睡眠、暂停以及名字古怪的进程为 False。

    提示: 读取 /proc/<pid>/stat, 取最后一个 ')' 之后的字段: 括号里的进程名可能含有空格,
    甚至含有 ') Z (', 直接 split() 会数错字段。只有状态 Z 是僵尸进程 (T 是暂停)。
    """
    results = run_sandboxed(_zombie_states, timeout=SANDBOX,
                            what="is_zombie on processes in several states")
    wrong = [f"is_zombie({pid}) for {text} returned {got!r}, expected {expected!r}"
             for text, pid, expected, got in results if got is not expected]
    assert not wrong, "; ".join(wrong)


def _gone_pid() -> int:
    """A pid with no process: a child that was just reaped, checked in /proc."""
    while True:
        pid = _fork(lambda: None)
        os.waitpid(pid, 0)
        if not os.path.exists(f"/proc/{pid}"):
            return pid


def _missing_pids():
    with open("/proc/sys/kernel/pid_max") as f:
        beyond = int(f.read()) + 1
    got = []
    for text, pid in (("a child that was just reaped", _gone_pid()),
                      ("a pid above pid_max", beyond)):
        with deadline(1.0, f"is_zombie({pid})"):
            got.append((text, pid, processes.is_zombie(pid)))
    return got


def test_is_zombie_missing_pid():
    """is_zombie returns False for a pid that has no process.

    Hint: the process can disappear at any moment (reaped just now): opening
    /proc/<pid>/stat then raises FileNotFoundError (or ProcessLookupError),
    which means "not a zombie": return False.

    中文: 检查 is_zombie 对不存在的 pid 返回 False。

    提示: 进程随时可能消失 (刚被回收): 这时打开 /proc/<pid>/stat 会抛出 FileNotFoundError
    (或 ProcessLookupError), 意思是 "不是僵尸进程", 应返回 False。
    """
    results = run_sandboxed(_missing_pids, timeout=SANDBOX, what="is_zombie on missing pids")
    wrong = [f"is_zombie({pid}) for {text} returned {got!r}, expected False"
             for text, pid, got in results if got is not False]
    assert not wrong, "; ".join(wrong)


# ------------------------------------------------------------ orphans

def _orphan_facts():
    strays = _Strays()
    try:
        with deadline(WAIT, "orphan_report()", "the grandchild waits until "
                      "os.getppid() changes; the child must exit at once"):
            with strays.guard("orphan_report()"):
                report = processes.orphan_report()
        strays.check()
        after = _children()
        others = [(pid, s) for pid, s in after if pid != report[0]]
        if any(pid == report[0] for pid, _ in after):
            _reap(report[0], "the adopted grandchild")
        return report, os.getpid(), others
    finally:
        _reap_everything()


@pytest.mark.points(2)
def test_orphan_report_adopted_by_the_subreaper():
    """orphan_report: the grandchild is adopted by the subreaper (here, the caller), the child is reaped.

    Hint: the child must exit right after forking, the grandchild must wait
    until os.getppid() is no longer the child's pid, and the caller must
    waitpid the child. Here the caller is a child subreaper, so it adopts
    the orphan (on a plain system it would be init, pid 1).

    中文: 检查 orphan_report 中孙进程被 subreaper (这里就是调用者) 收养, 子进程已被回收。

    提示: 子进程 fork 之后要立即退出; 孙进程要等到 os.getppid() 不再是子进程的 pid 才报告;
    调用者要 waitpid 回收子进程。这里的调用者是 child subreaper, 孤儿进程由它收养
    (普通系统上是 init, pid 1)。
    """
    report, me, others = run_sandboxed(_orphan_facts, timeout=SANDBOX,
                                       what="orphan_report()")
    assert isinstance(report, tuple) and len(report) == 2, (
        f"orphan_report() returned {report!r}; expected (grandchild pid, new parent pid)")
    grandchild, new_parent = report
    assert new_parent == me, (
        f"orphan_report() returned {report!r}: the grandchild reported parent "
        f"{new_parent}, but the caller (pid {me}) is a child subreaper and "
        "adopts orphans of its descendants; did the grandchild report before "
        "its parent (the child) had exited?")
    assert not others, (
        f"after orphan_report() returned {report!r} the caller has other "
        f"children {others}: the intermediate child must be reaped (waitpid), "
        "and the report's first pid must be the grandchild's")
    assert grandchild not in (me, new_parent) and grandchild > 0, (
        f"orphan_report() returned {report!r}; the first pid must be the grandchild's")


def _identity(w: int):
    """The daemonized function: report its pid, session id and process group."""
    os.write(w, struct.pack("!iii", os.getpid(), os.getsid(0), os.getpgid(0)))


def _daemon_facts():
    r, w = os.pipe()
    strays = _Strays()
    try:
        with deadline(WAIT, "daemonize(fn)", "the intermediate child must exit at "
                      "once after forking, and the caller reaps it"):
            with strays.guard("daemonize(fn)"):
                returned = processes.daemonize(functools.partial(_identity, w))
        strays.check()
        os.close(w)
        after = _children()
        report = _read_all(r, "reading what the daemonized fn wrote")
        others = [(pid, s) for pid, s in after if pid != returned]
        if any(pid == returned for pid, _ in after):
            _reap(returned, "the daemonized grandchild")
        return returned, report, others, os.getsid(0), os.getpid()
    finally:
        _reap_everything()


@pytest.mark.points(2)
def test_daemonize_detaches_a_grandchild():
    """daemonize runs fn in a grandchild in a new session, reaps the child and returns the grandchild's pid.

    Hint: child: os.setsid(), fork, send the grandchild's pid to the parent
    (a pipe), os._exit(0) at once. Parent: waitpid(child) (no zombie), read
    the pid, return it. Grandchild: fn(), then os._exit. setsid in the child
    (not the grandchild) leaves the grandchild outside the caller's session
    and unable to become a session leader.

    中文: 检查 daemonize 在新会话中的孙进程里运行 fn, 回收子进程, 返回孙进程的 pid。

    提示: 子进程: os.setsid(), fork, 通过管道把孙进程的 pid 告诉父进程, 然后立即 os._exit(0)。
    父进程: waitpid 回收子进程 (不留僵尸进程), 读出 pid 并返回。孙进程: 运行 fn() 后 os._exit。
    在子进程 (而不是孙进程) 中调用 setsid, 孙进程就离开了调用者的会话, 也不是会话首进程。
    """
    returned, report, others, caller_sid, me = run_sandboxed(
        _daemon_facts, timeout=SANDBOX, what="daemonize(fn)")
    assert len(report) == 12, (
        f"daemonize(fn) returned {returned!r}, but fn never ran (it should "
        f"write to a pipe; got {report!r}): the grandchild must call fn()")
    pid, sid, _pgid = struct.unpack("!iii", report)
    assert returned == pid, (
        f"daemonize(fn) returned {returned!r}, but fn ran in process {pid}: "
        "return the grandchild's pid (the child sends it through a pipe)")
    assert not others, (
        f"after daemonize(fn) returned, the caller still has children {others} "
        "besides the grandchild: the intermediate child must be reaped "
        "(os.waitpid) before daemonize returns")
    assert sid != caller_sid, (
        f"the daemonized fn ran in session {sid}, the caller's own session: "
        "the intermediate child must call os.setsid() before forking")
    assert sid != pid, (
        f"the daemonized fn ran in process {pid}, a session leader (sid {sid}): "
        "call os.setsid() in the child, then fork; the grandchild is then not a "
        "session leader and can never acquire a controlling terminal")


def _daemon_raising():
    strays = _Strays()
    try:
        with deadline(WAIT, "daemonize(fn that raises)"):
            with strays.guard("daemonize(fn that raises)"):
                returned = processes.daemonize(functools.partial(_raise, ValueError))
        if any(pid == returned for pid, _ in _children()):
            _reap(returned, "the daemonized grandchild")
        strays.check()
        with strays.guard("daemonize(fn that calls sys.exit(2))"):
            returned = processes.daemonize(functools.partial(_exit_with, 2))
        if any(pid == returned for pid, _ in _children()):
            _reap(returned, "the daemonized grandchild")
        strays.check()
        return _children()
    finally:
        _reap_everything()


def test_daemonize_grandchild_never_returns_into_caller():
    """The daemonized grandchild ends with os._exit even when fn raises or calls sys.exit.

    Hint: wrap the grandchild's call in try/finally and end with os._exit in
    the finally block; otherwise fn's exception unwinds out of daemonize in
    the grandchild, and it runs the caller's code as a second copy.

    中文: 检查 fn 抛出异常或调用 sys.exit 时, 孙进程也以 os._exit 结束, 不会回到调用者的代码。

    提示: 孙进程调用 fn 时要用 try/finally, 在 finally 里 os._exit; 否则 fn 的异常会在孙进程
    中从 daemonize 里抛出来, 孙进程就作为第二份副本执行调用者的代码。
    """
    left = run_sandboxed(_daemon_raising, timeout=SANDBOX,
                         what="daemonize with raising functions")
    assert not left, f"children left after daemonize and reaping the grandchild: {left}"
