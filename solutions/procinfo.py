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
# Strategy: every fact comes from /proc, read as bytes (a command name may
# be any bytes); the fields after the command name are found from the last
# b")". ps_stat follows procps's own rules (ps/output.c, pr_stat) in its
# order. spawn_niced sets the niceness in the child between fork and exec
# (preexec_fn), so the program starts at its niceness and the caller's own
# niceness is never touched.
import errno
import os
import subprocess
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


STATE_NAMES = {
    "D": "uninterruptible sleep",
    "I": "idle kernel thread",
    "R": "running",
    "S": "interruptible sleep",
    "T": "stopped",
    "t": "stopped by debugger",
    "W": "paging",
    "X": "dead",
    "Z": "zombie",
}

MODIFIERS = {  # letter -> StatCode field, in the order ps prints them
    "<": "high_priority",
    "N": "low_priority",
    "L": "locked_pages",
    "s": "session_leader",
    "l": "multithreaded",
    "+": "foreground",
}

NICE_MIN, NICE_MAX = -20, 19


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
    if not isinstance(code, str):
        raise TypeError(f"a STAT code is a str, got {code!r}")
    if not code or code[0] not in STATE_NAMES:
        raise ValueError(f"STAT code {code!r} does not start with a state letter "
                         f"({' '.join(STATE_NAMES)})")
    flags = dict.fromkeys(MODIFIERS.values(), False)
    for letter in code[1:]:
        field = MODIFIERS.get(letter)
        if field is None:
            raise ValueError(f"unknown modifier {letter!r} in STAT code {code!r}")
        if flags[field]:
            raise ValueError(f"modifier {letter!r} repeated in STAT code {code!r}")
        flags[field] = True
    if flags["high_priority"] and flags["low_priority"]:
        raise ValueError(f"STAT code {code!r} has both '<' and 'N'")
    return StatCode(code[0], STATE_NAMES[code[0]], **flags)


def _check_pid(pid) -> None:
    if isinstance(pid, bool) or not isinstance(pid, int):
        raise TypeError(f"pid must be an int, got {pid!r}")
    if pid <= 0:
        raise ValueError(f"pid must be > 0, got {pid!r}")


def _read_proc(pid: int, name: str) -> bytes:
    """The bytes of /proc/<pid>/<name>; ProcessLookupError if there is no such process."""
    try:
        with open(f"/proc/{pid}/{name}", "rb") as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError):
        raise ProcessLookupError(errno.ESRCH, f"no process with pid {pid}") from None


def _stat_fields(pid: int) -> list[bytes]:
    """The fields of /proc/<pid>/stat after the command name.

    Index 0 is field 3 of ``man 5 proc`` (state), 1 ppid, 2 pgrp,
    3 session, 4 tty_nr, 5 tpgid, ..., 16 nice, 17 num_threads.
    """
    line = _read_proc(pid, "stat")
    return line[line.rindex(b")") + 1:].split()  # the name may hold ")" and spaces


def _locked_kib(pid: int) -> int:
    """VmLck of /proc/<pid>/status in KiB; 0 when the line is missing (zombies, kernel threads)."""
    for line in _read_proc(pid, "status").splitlines():
        if line.startswith(b"VmLck:"):
            return int(line.split()[1])
    return 0


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
    _check_pid(pid)
    return _stat_fields(pid)[0].decode("ascii")


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
    _check_pid(pid)
    fields = _stat_fields(pid)
    state = fields[0].decode("ascii")
    pgrp, session, tpgid = int(fields[2]), int(fields[3]), int(fields[5])
    nice, threads = int(fields[16]), int(fields[17])
    modifiers = [
        ("<", nice < 0),
        ("N", nice > 0),
        ("L", _locked_kib(pid) > 0),
        ("s", session == pid),
        ("l", threads > 1),
        ("+", tpgid == pgrp),
    ]
    return state + "".join(letter for letter, holds in modifiers if holds)


def _check_niceness(niceness) -> None:
    if isinstance(niceness, bool) or not isinstance(niceness, int):
        raise TypeError(f"niceness must be an int, got {niceness!r}")
    if not NICE_MIN <= niceness <= NICE_MAX:
        raise ValueError(f"niceness must be in {NICE_MIN}..{NICE_MAX}, got {niceness!r}")


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
    _check_niceness(niceness)

    def set_niceness():  # runs in the child, after fork, before exec
        os.setpriority(os.PRIO_PROCESS, 0, niceness)

    try:
        return subprocess.Popen(argv, preexec_fn=set_niceness)
    except subprocess.SubprocessError:
        # Popen reports a failed preexec_fn as SubprocessError, without the
        # errno. setpriority of an in-range value fails only for lack of
        # privilege (EACCES, setpriority(2)); the child has exited and Popen
        # has reaped it.
        raise PermissionError(errno.EACCES, f"not permitted to set niceness {niceness}") from None


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
    _check_pid(pid)
    return os.getpriority(os.PRIO_PROCESS, pid)
