"""Processes: fork, exit, wait; zombies, orphans and the double fork.

``os.fork()`` makes a copy of the calling process. It returns twice: 0 in the
new *child*, and the child's pid in the *parent*. From then on both run the
same code with separate memory, so the return value decides who does what:

    pid = os.fork()
    if pid == 0:
        ...            # child: do the work, then os._exit(code)
    else:
        ...            # parent: go on, and reap the child later

Ending a child: call ``os._exit(code)``. It ends the process at once: no
``finally`` blocks, no ``atexit`` handlers, no flushing of buffered files.
That is exactly what a forked child needs, because everything above the
``fork`` call (the caller's ``try/finally``, a test runner, a server's accept
loop) belongs to the parent. ``sys.exit`` only raises ``SystemExit``: in a
child it unwinds through the caller's code, runs its cleanup a second time,
and may flush the parent's buffered output twice.

Exit status: the parent collects a finished child with ``os.wait()`` or
``os.waitpid(pid, options)``, which return ``(pid, status)``. The *status* is
an encoded int: decode it with ``os.WIFEXITED``/``os.WEXITSTATUS`` (a normal
exit, code 0-255) and ``os.WIFSIGNALED``/``os.WTERMSIG`` (killed by a
signal). ``os.waitstatus_to_exitcode`` does both, and gives ``-signum`` for a
signal, as ``subprocess`` does.

Zombies and orphans:

- A child that has exited but not been waited for is a *zombie* (state ``Z``
  in ``ps``): its pid and exit status stay in the process table until the
  parent reaps it. Reap every child; ``os.waitpid(-1, os.WNOHANG)`` reaps one
  finished child without blocking (``(0, 0)`` when none has finished).
- A child whose parent exits first is an *orphan*: the kernel gives it a new
  parent, normally PID 1 (init), or the nearest ancestor marked as a "child
  subreaper" (``prctl(PR_SET_CHILD_SUBREAPER)``), which then reaps it.
- The *double fork* (二级子进程) detaches a worker: the child forks a
  grandchild and exits at once; the parent reaps the child right away, so no
  zombie is left, and the grandchild, an orphan, is adopted by init (or the
  subreaper). With ``os.setsid()`` in the child, the grandchild also leaves
  the caller's session and terminal: the classic daemon.

中文概述: 本节讲 os.fork 创建子进程: fork 返回两次, 子进程中为 0, 父进程中为子进程的
PID; os.getpid()/os.getppid() 获取进程和父进程的 PID。子进程结束要用 os._exit(n):
它立即退出, 不执行 finally、atexit, 也不刷新缓冲区; 用 sys.exit 只是抛出
SystemExit 异常, 子进程会回到父进程的代码里继续执行。父进程用 os.wait/os.waitpid
回收子进程, 得到的 status 要用 WIFEXITED/WEXITSTATUS/WIFSIGNALED/WTERMSIG 解码。
子进程先退出而父进程没有回收, 就成为僵尸进程 (ps 中状态 Z); 父进程先退出, 子进程成为
孤儿进程, 被 init 或 "子进程收养者" (subreaper) 收养。WNOHANG 表示非阻塞回收。
二级子进程 (两次 fork): 子进程创建孙进程后立即退出, 父进程马上回收它, 孙进程成为孤儿
进程处理具体工作, 不会留下僵尸进程。讲义里的错误: 没有 os.exit 这个函数, 正确的是
os._exit(n); 孤儿进程 "退出后会自动处理" 只在收养它的进程 (init 或 subreaper) 会回收
时才成立: 在 PID 1 不回收子进程的容器里, 孤儿进程退出后会一直是僵尸进程。
"""
# Strategy: every fork is followed by an `if pid == 0:` branch that ends in
# os._exit (through _run_child_and_exit, whatever fn does), and every child
# this module makes is reaped by its pid, except those handed to the caller
# on purpose (make_zombie, and daemonize's grandchild).
import os
import struct
import sys
import time
import traceback
from typing import NoReturn

_PID = struct.Struct("!i")


def _flush_std_streams() -> None:
    """Flush sys.stdout and sys.stderr (as multiprocessing does around fork).

    Before a fork, so the child does not inherit (and later write out) text
    the caller had buffered; in the child before os._exit, so what the
    child printed is not lost.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, ValueError, OSError):
            pass  # no stream, a closed one, or a broken pipe: nothing to keep


def _code_of_system_exit(code) -> int:
    """The exit code of `sys.exit(code)`, as the interpreter computes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)  # sys.exit("message") prints the message
    return 1


def _run_child_and_exit(fn, args) -> NoReturn:
    """In a forked child: run fn(*args), then leave with os._exit, always."""
    code = 1
    try:
        result = fn(*args)
        code = 0 if result is None else _code_of_system_exit(result)
    except SystemExit as exc:            # sys.exit(...) inside fn
        code = _code_of_system_exit(exc.code)
    except BaseException:                # noqa: BLE001 - any error ends the child
        traceback.print_exc()
        code = 1
    finally:
        _flush_std_streams()
        os._exit(code)  # never return into the caller's code


def _fork() -> int:
    """os.fork(), with the standard streams flushed first."""
    _flush_std_streams()
    return os.fork()


def run_in_child(fn, *args) -> int:
    """Run ``fn(*args)`` in a forked child, wait for it, return its exit code.

    The child runs ``fn(*args)`` and always ends with ``os._exit``, so it never
    returns into the caller's code (the caller's ``finally`` blocks, ``atexit``
    handlers and buffered output belong to the parent). Its exit code:

    - ``fn`` returns an int 0-255: that code; it returns None: 0;
    - ``fn`` calls ``sys.exit(n)``: n; ``sys.exit("message")``: 1;
      ``sys.exit()`` or ``sys.exit(None)``: 0 (as for a whole program);
    - ``fn`` raises any other exception (any ``BaseException``, including
      ``KeyboardInterrupt``): 1.

    Other return values (not an int, or outside 0-255) give an unspecified
    code. The parent waits for this child only (``os.waitpid(pid, 0)``; other
    children of the caller are left alone) and reaps it, so no zombie remains.

    Text the caller printed but had not flushed yet must come out once, not
    twice: flush ``sys.stdout``/``sys.stderr`` before forking (the child
    would otherwise inherit the buffered text and could write it again).

    Args:
        fn: the callable to run in the child.
        *args: its positional arguments.

    Returns:
        The child's exit code (0-255), or ``-signum`` when a signal killed it
        (e.g. -9 for SIGKILL, -11 for SIGSEGV), as ``exit_code`` decodes it.
    """
    pid = _fork()
    if pid == 0:
        _run_child_and_exit(fn, args)
    _, status = os.waitpid(pid, 0)  # this child, not any child
    return exit_code(status)


def exit_code(status: int) -> int:
    """Decode a raw wait status (from ``os.wait``/``os.waitpid``) to an exit code.

    Uses ``os.WIFEXITED``/``os.WEXITSTATUS`` and ``os.WIFSIGNALED``/
    ``os.WTERMSIG``; the result equals ``os.waitstatus_to_exitcode(status)``.

    Args:
        status: a wait status as ``os.waitpid`` returns it.

    Returns:
        The exit code 0-255 for a child that exited; ``-signum`` for a child
        killed by a signal (whether or not it dumped core).

    Raises:
        ValueError: the status says the child was stopped (``WIFSTOPPED``, from
            ``WUNTRACED``) or continued (``WIFCONTINUED``): it has not ended,
            so it has no exit code. The message names the status.
    """
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)  # not WEXITSTATUS: that byte is 0 here
    raise ValueError(f"wait status {status!r} is not an ended child "
                     "(stopped or continued): it has no exit code")


def spawn_all(fns) -> dict[int, int]:
    """Run every callable in its own forked child, all at the same time.

    Forks one child per callable first (each child runs its callable as
    ``run_in_child`` runs ``fn``, with no arguments, and ends with
    ``os._exit``), and only then waits: every child is reaped, by its pid
    (``os.waitpid(pid, 0)`` for each, or ``os.wait()`` once per child).

    Args:
        fns: an iterable of callables taking no arguments (may be empty).

    Returns:
        ``{pid: exit code}`` with one entry per callable; exit codes as
        ``run_in_child`` returns them (negative for a signal).
    """
    pids = []
    try:
        for fn in fns:
            pid = _fork()
            if pid == 0:
                _run_child_and_exit(fn, ())
            pids.append(pid)
    finally:
        # Reap every child started, also when a later fork failed.
        codes = {pid: exit_code(os.waitpid(pid, 0)[1]) for pid in pids}
    return codes


def reap_finished() -> list[tuple[int, int]]:
    """Reap every child that has already exited, without blocking.

    Calls ``os.waitpid(-1, os.WNOHANG)`` until it reports that no finished
    child is left: ``(0, 0)`` means children exist but none has finished;
    ``ChildProcessError`` means there are no children at all. Children that
    are still running are not touched. Returns in milliseconds, however long
    the other children still run.

    Returns:
        ``[(pid, exit code), ...]`` for the children reaped now, in the order
        they were reaped (exit codes as ``run_in_child`` returns them: a
        negative signal number for a child killed by a signal); ``[]`` when
        no child has finished or there are no children.
    """
    reaped = []
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break           # no children at all
        if pid == 0:
            break           # children left, none of them finished
        reaped.append((pid, exit_code(status)))
    return reaped


def make_zombie() -> int:
    """Make a zombie child (僵尸进程) and return its pid, without reaping it.

    Forks a child that exits at once, and returns only once the child has
    exited, so its state is ``Z`` when the caller looks. Waiting without
    reaping: ``os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)`` (WNOWAIT
    leaves the child waitable), or polling its state.

    Returns:
        The zombie's pid. The caller must reap it (``os.waitpid(pid, 0)``).
    """
    pid = _fork()
    if pid == 0:
        os._exit(0)
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # exited, still unreaped
    return pid


def is_zombie(pid: int) -> bool:
    """Whether process ``pid`` exists and is a zombie (state ``Z``).

    Reads the state field of ``/proc/<pid>/stat``: the first field after the
    *last* ``)``, because the command name in parentheses may itself contain
    spaces and parentheses (see ``proc(5)``).

    Args:
        pid: a process id.

    Returns:
        True if the process exists and its state is Z; False for any other
        state, and for a pid with no process.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return False    # no such process (it may have been reaped just now)
    after_name = stat[stat.rindex(b")") + 1:].split()
    return after_name[0] == b"Z"


def orphan_report() -> tuple[int, int]:
    """Make an orphan (孤儿进程) and report who adopted it.

    Forks a child, which forks a grandchild and exits at once. The
    grandchild waits until its parent (the child) has died, i.e. until
    ``os.getppid()`` no longer returns the child's pid, then writes its own
    pid and its new parent's pid to a pipe and exits with ``os._exit``. The
    caller reaps the child (no zombie of it remains) and reads the report.
    The grandchild is not the caller's child, so this function does not reap
    it: whoever adopted it does (init, or a child subreaper; when the caller
    itself is a subreaper, the caller reaps it later).

    Returns:
        ``(grandchild pid, pid of its new parent)``.
    """
    read_end, write_end = os.pipe()
    child = _fork()
    if child == 0:
        try:
            os.close(read_end)
            me = os.getpid()
            if os.fork() == 0:          # the grandchild
                while os.getppid() == me:   # until the child has died
                    time.sleep(0.001)
                os.write(write_end, _PID.pack(os.getpid()) + _PID.pack(os.getppid()))
                os._exit(0)
        finally:
            os._exit(0)                 # the child leaves at once
    os.close(write_end)
    try:
        os.waitpid(child, 0)            # reap the child: no zombie
        report = _read_all(read_end)
    finally:
        os.close(read_end)
    if len(report) != 2 * _PID.size:
        raise RuntimeError(f"the grandchild sent {report!r} instead of two pids")
    return _PID.unpack_from(report, 0)[0], _PID.unpack_from(report, _PID.size)[0]


def daemonize(fn) -> int:
    """Run ``fn()`` in a detached grandchild (the double fork) and return its pid.

    The child calls ``os.setsid()`` (a new session: no controlling terminal,
    out of the caller's process group), forks the grandchild, tells the
    caller the grandchild's pid (through a pipe) and exits at once. The caller
    reaps the child right away, so no zombie of it is left. The grandchild is
    not a session leader (so it can never acquire a controlling terminal
    again); it runs ``fn()`` and ends with ``os._exit`` whatever ``fn`` does
    (returns, raises, calls ``sys.exit``), never returning into the caller's
    code. A real daemon would also ``chdir("/")``, reset its umask and
    redirect its standard streams; this exercise does not need that.

    Args:
        fn: a callable taking no arguments, run in the grandchild.

    Returns:
        The grandchild's pid. The grandchild is an orphan: init (or a child
        subreaper) adopts and reaps it. When the caller is itself a
        subreaper it adopts the grandchild and must reap it.

    Raises:
        RuntimeError: the child ended without reporting a grandchild.
    """
    read_end, write_end = os.pipe()
    child = _fork()
    if child == 0:
        try:
            os.close(read_end)
            os.setsid()                     # new session, no terminal
            grandchild = os.fork()
            if grandchild == 0:
                os.close(write_end)
                _run_child_and_exit(fn, ())
            os.write(write_end, _PID.pack(grandchild))
        finally:
            os._exit(0)                     # the child leaves at once
    os.close(write_end)
    try:
        _, status = os.waitpid(child, 0)    # reap the intermediate child
        report = _read_all(read_end)
    finally:
        os.close(read_end)
    if len(report) != _PID.size:
        raise RuntimeError(f"the intermediate child ended (exit code "
                           f"{exit_code(status)}) without reporting a grandchild")
    return _PID.unpack(report)[0]


def _read_all(fd: int) -> bytes:
    """Read a pipe until every write end is closed."""
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks)
