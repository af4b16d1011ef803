"""Process information: ps STAT codes, niceness, and /proc.

``ps aux`` (and ``ps -o stat``) shows a process's state as a short code
such as ``Ss+`` or ``R<`` or ``Z``: one state letter, then modifiers.

State letters (``man ps``, PROCESS STATE CODES):

====  =========================  ===========================================
 D    uninterruptible sleep      waiting for I/O; even signals wait
 I    idle kernel thread
 R    running                    on a CPU, or runnable in the run queue
 S    interruptible sleep        waiting for an event (a recv, a sleep)
 T    stopped                    by a job-control signal (SIGSTOP, Ctrl-Z)
 t    stopped by debugger        a traced process in a tracing stop
 W    paging                     not used since Linux 2.6
 X    dead                       should never be seen
 Z    zombie                     exited, not yet reaped by its parent
====  =========================  ===========================================

Modifiers, in the order ``ps`` prints them: ``<`` high priority (niceness
below 0), ``N`` low priority (niceness above 0), ``L`` pages locked in
memory, ``s`` session leader, ``l`` multi-threaded, ``+`` in the foreground
process group of its terminal.

Linux keeps the facts in ``/proc/<pid>/stat``: one line, ``pid (comm) state
ppid pgrp session tty_nr tpgid ...`` (``man 5 proc``). ``comm``, the
command name, is up to 15 bytes the process may set to anything, spaces and
parentheses included (``prctl(PR_SET_NAME)``): the only safe way to find
the fields after it is to start after the *last* ``)``.

Niceness runs from -20 (highest priority, most CPU) to 19 (lowest). Anyone
may raise a niceness (be nicer); lowering it needs privilege (root, or
``CAP_SYS_NICE``). ``os.nice(n)`` *adds* n to the caller's own niceness;
``os.setpriority(os.PRIO_PROCESS, pid, n)`` sets an absolute value, and
``os.getpriority(os.PRIO_PROCESS, pid)`` reads it.

中文概述: 本节讲 ``ps -aux`` 的 STAT 列(进程状态)和进程优先级。状态字母: D 不可中断
等待态(阻塞)、S 可中断等待态(睡眠)、R 运行态(包括就绪态,在运行队列里)、T 暂停、
t 被调试器暂停、Z 僵尸进程、I 内核空闲线程。后缀: ``<`` 高优先级、``N`` 低优先级、
``L`` 有内存页被锁定、``s`` 会话组长(session leader)、``l`` 多线程、``+`` 前台进程组
(在终端前台运行)。讲义的错误: "s 回话组" 应为 "会话组长",即进程号等于会话号的进程;
"l 有子进程链接" 不对,l 表示多线程(线程数大于 1),与子进程无关;讲义没提 ``L``。
优先级(nice 值)范围是 -20~19,-20 最高;``nice -9 ./hello.py`` 表示 nice 值加 9
(优先级变低),要设成 -9 得写 ``nice -n -9``,而且需要 root 权限。``/proc/<pid>/stat``
里进程名可以含空格和括号,不能直接 ``split()``,要从最后一个 ``)`` 之后开始解析。

Run the checks with ``pytest --topic procinfo``.
"""
import os  # noqa: F401  (you will need them)
import subprocess  # noqa: F401
from dataclasses import dataclass


@dataclass(frozen=True)
class StatCode:
    """One parsed ``ps`` STAT code, e.g. ``parse_stat_code("Ssl+")``."""
    state: str            # the state letter, e.g. "S"
    state_name: str       # e.g. "interruptible sleep"
    high_priority: bool   # "<": niceness below 0
    low_priority: bool    # "N": niceness above 0
    locked_pages: bool    # "L": pages locked into memory
    session_leader: bool  # "s": pid == session id
    multithreaded: bool   # "l": more than one thread
    foreground: bool      # "+": in its terminal's foreground process group


def parse_stat_code(code: str) -> StatCode:
    """Parse a BSD-style ``ps`` STAT code such as ``"Ssl+"``, ``"R<"`` or ``"Z"``.

    The first character is the state letter, one of ``D I R S T t W X Z``,
    with these ``state_name`` values (as in ``man ps``):

    - ``D`` "uninterruptible sleep", ``I`` "idle kernel thread",
      ``R`` "running", ``S`` "interruptible sleep", ``T`` "stopped",
      ``t`` "stopped by debugger", ``W`` "paging", ``X`` "dead",
      ``Z`` "zombie".

    Then zero or more modifiers, each at most once, in any order:
    ``<`` high_priority, ``N`` low_priority, ``L`` locked_pages,
    ``s`` session_leader, ``l`` multithreaded, ``+`` foreground. A flag is
    True exactly when its letter is present.

    Args:
        code: the STAT string, e.g. ``"Ss+"``. Case matters (``s`` is a
            modifier, ``S`` a state; ``t`` and ``T`` are different states).

    Returns:
        A ``StatCode``.

    Raises:
        TypeError: ``code`` is not a str.
        ValueError: ``code`` is empty, starts with anything but a state
            letter, holds an unknown or repeated letter, holds whitespace
            anywhere, or has both ``<`` and ``N`` (a niceness cannot be
            below and above 0 at once). The message names the code (repr).
    """
    raise NotImplementedError



def process_state(pid: int) -> str:
    """The one-letter state of process ``pid``, from ``/proc/<pid>/stat``.

    The line is ``pid (comm) state ppid ...`` where ``comm``, the command
    name, may contain spaces, parentheses and any bytes (a process names
    itself with ``prctl(PR_SET_NAME)``, e.g. ``") Z ("``): read the file as
    bytes and take the state from after the *last* ``)``, never from
    ``split()`` on the whole line.

    Args:
        pid: a process id, an int > 0.

    Returns:
        The state letter, e.g. ``"R"``, ``"S"``, ``"T"``, ``"t"`` or ``"Z"``.

    Raises:
        TypeError: ``pid`` is not an int (a bool is not accepted).
        ValueError: ``pid`` is 0 or negative.
        ProcessLookupError: no process has this pid.
    """
    raise NotImplementedError



def ps_stat(pid: int) -> str:
    """The STAT code ``ps -o stat= -p PID`` prints for ``pid``, built from ``/proc``.

    The state letter of ``process_state``, then these modifiers, each when
    its condition holds, in exactly this order (procps ``ps``'s order):

    - ``<`` niceness below 0, ``N`` niceness above 0 (the nice field of
      ``/proc/<pid>/stat``);
    - ``L`` the ``VmLck`` line of ``/proc/<pid>/status`` is above 0 (a
      zombie has no ``VmLck`` line: that counts as 0);
    - ``s`` session leader: its session id equals its pid;
    - ``l`` multi-threaded: more than one thread (num_threads);
    - ``+`` foreground: its process group is the foreground process group
      of its controlling terminal (``pgrp == tpgid``; a process without a
      terminal has tpgid -1).

    The fields of ``/proc/<pid>/stat`` counted from 1 as in ``man 5 proc``:
    3 state, 5 pgrp, 6 session, 8 tpgid, 19 nice, 20 num_threads (so after
    the last ``)`` the state is the first field, pgrp the third, ...).

    Args:
        pid: a process id, an int > 0.

    Returns:
        A STAT code such as ``"Ss+"``, ``"R"``, ``"SNl"`` or ``"Z"``; it
        equals what ``ps -o stat= -p PID`` prints (read at the same moment).

    Raises:
        TypeError: ``pid`` is not an int (a bool is not accepted).
        ValueError: ``pid`` is 0 or negative.
        ProcessLookupError: no process has this pid.
    """
    raise NotImplementedError



def spawn_niced(argv: list[str], niceness: int) -> subprocess.Popen:
    """Start the program ``argv`` with the absolute niceness ``niceness``.

    The child's niceness is ``niceness`` from its first instruction on
    (set between fork and exec), whatever the caller's niceness is: this is
    ``os.setpriority``, not the relative ``os.nice``. The caller's own
    niceness is left unchanged. Nothing is started when an error is raised.

    Popen's ``preexec_fn`` runs in the child between fork and exec; note
    that Popen reports any exception raised there as
    ``subprocess.SubprocessError``, not as the original exception.

    Args:
        argv: the program and its arguments, e.g. ``["sleep", "10"]``,
            passed to ``subprocess.Popen`` (no shell).
        niceness: the niceness for the child, an int from -20 (highest
            priority) to 19 (lowest).

    Returns:
        The ``subprocess.Popen`` of the running child; the caller waits for
        it (or kills it).

    Raises:
        TypeError: ``niceness`` is not an int (a bool is not accepted).
        ValueError: ``niceness`` is outside -20..19 (the message names it).
        PermissionError: ``niceness`` is lower than the caller may set
            without privilege (lowering needs root or CAP_SYS_NICE).
        Errors of ``subprocess.Popen`` (``FileNotFoundError`` for a missing
        program, ...) propagate.
    """
    raise NotImplementedError



def get_niceness(pid: int) -> int:
    """The niceness of process ``pid`` (``os.getpriority``), -20..19.

    Args:
        pid: a process id, an int > 0.

    Returns:
        Its niceness, e.g. ``0`` for most processes, ``19`` for the nicest.

    Raises:
        TypeError: ``pid`` is not an int (a bool is not accepted).
        ValueError: ``pid`` is 0 or negative (``getpriority`` would read the
            caller's own niceness for 0).
        ProcessLookupError: no process has this pid.
    """
    raise NotImplementedError
