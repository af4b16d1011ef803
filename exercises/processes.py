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
import os  # noqa: F401  (you will need it)
import sys  # noqa: F401
from typing import NoReturn  # noqa: F401


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


def make_zombie() -> int:
    """Make a zombie child (僵尸进程) and return its pid, without reaping it.

    Forks a child that exits at once, and returns only once the child has
    exited, so its state is ``Z`` when the caller looks. Waiting without
    reaping: ``os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)`` (WNOWAIT
    leaves the child waitable), or polling its state.

    Returns:
        The zombie's pid. The caller must reap it (``os.waitpid(pid, 0)``).
    """
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError


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
    raise NotImplementedError
