"""Checks for topic 14, procinfo: ps STAT codes, niceness, /proc.

Every process these checks observe is real, and made inside the sandbox
(``run_sandboxed``): the sandbox worker forks children that put themselves
in the state to observe (a busy loop; a wait; SIGSTOP; an exit the worker
does not reap yet; ``ptrace(PTRACE_TRACEME)`` then SIGSTOP; ``setsid``;
threads; ``setpriority``; ``mlock``; a pseudo-terminal made their controlling
terminal, with ``tcsetpgrp`` choosing the foreground group;
``prctl(PR_SET_NAME)`` for names such as ``) Z (``). The worker waits for
each state without sleeping (``waitpid(WUNTRACED)``, ``waitid(WNOWAIT)``, or
a bounded poll of ``psutil``), observes, and kills and reaps every child
before it returns; the sandbox kills whatever is left.

Oracles are outside the implementation: ``psutil`` (status, nice), the real
procps ``ps -o pid=,stat= -p PID,...`` (skipped, with the reason, when ``ps``
is missing; CI installs procps), ``os.getsid``/``os.getpgid``. A running
process may change state between two reads, so the implementation and ``ps``
are read close together and re-read (a bounded number of times) while they
differ.

Clause-to-check map (CURRICULUM.md section 14, and the general rules):

- clause "StatCode given": data in the stub, not graded.
- clause "parse_stat_code: first letter one of D I R S T t W X Z (names as
  in man ps)": test_parse_stat_code_state_letters
- clause "then modifiers from < N L s l + in any order":
  test_parse_stat_code_each_modifier, test_parse_stat_code_modifiers_in_any_order
- clause "Empty, unknown or repeated letters, whitespace, or < and N
  together -> ValueError" (naming the value): test_parse_stat_code_rejects_malformed,
  test_parse_stat_code_grammar
- general rule "wrong type -> TypeError": test_parse_stat_code_rejects_non_str,
  test_pid_must_be_a_positive_int, test_spawn_niced_rejects_non_int
- clause "every STAT string ps prints parses": test_parse_stat_code_every_code_ps_prints
- clause "process_state: the one-letter state from /proc/<pid>/stat":
  test_process_state_of_each_state (running, sleeping, stopped, zombie, traced)
- clause "the command name may contain spaces and parentheses: parse after
  the last )": test_process_state_names_with_spaces_and_parens,
  test_ps_stat_names_with_spaces_and_parens
- clause "Missing process -> ProcessLookupError (process_state, ps_stat,
  get_niceness)": test_missing_process_raises_process_lookup_error
- general rule "bad input -> documented exception": test_pid_must_be_a_positive_int
- clause "ps_stat: the STAT string ps -o stat= -p PID prints, built from
  /proc": test_ps_stat_matches_process_facts (psutil and os as oracles, runs
  without ps), test_ps_stat_matches_ps_for_each_state,
  test_ps_stat_matches_ps_for_each_modifier, test_ps_stat_agrees_with_ps_on_every_process
- clause "< if nice < 0, N if nice > 0": test_ps_stat_matches_ps_for_each_modifier
  (niced up, niced down)
- clause "L if VmLck > 0": test_ps_stat_matches_ps_for_each_modifier (locked pages)
- clause "A zombie has no VmLck line: that counts as 0":
  test_ps_stat_matches_ps_for_each_state[zombie],
  test_ps_stat_matches_ps_for_each_modifier[zombie session leader]
- clause "s if pid == sid; l if more than one thread": test_ps_stat_matches_ps_for_each_modifier
- clause "+ if pgrp == tpgid (foreground group of its terminal)":
  test_ps_stat_foreground_group_on_pty
- clause "in ps's order <NLsl+": test_ps_stat_modifier_order
- clause "spawn_niced: absolute niceness, caller's niceness unchanged":
  test_spawn_niced_sets_absolute_niceness
- clause "outside -20..19 -> ValueError": test_spawn_niced_rejects_out_of_range
- clause "lower than allowed without privilege -> PermissionError":
  test_spawn_niced_permission_error_without_privilege
- clause "get_niceness reads it back (os.getpriority)":
  test_get_niceness_matches_psutil
- clause "Checks observe real processes of every reachable state (running,
  sleeping, stopped, zombie, session leader, multithreaded, niced; pty
  foreground; names with ) Z ( set with prctl PR_SET_NAME)": the sandboxed
  scenarios above.
- clause "Bugs to catch": split_stat_line (the names checks),
  modifiers_wrong_order (test_ps_stat_modifier_order), nice_sign_reversed
  (niced up/down), foreground_wrong_group (test_ps_stat_foreground_group_on_pty).
- general rule "nothing started on bad input, every process reaped": the
  spawn_niced checks count the worker's children after each call.
"""
import ctypes
import fcntl
import os
import pickle
import resource
import select
import shutil
import signal
import subprocess
import termios
import threading
import time

import psutil
import pytest
from hypothesis import given, settings, strategies as st

from harness import deadline, run_sandboxed, topic

procinfo = topic("procinfo")

QUICK = 1.0      # seconds for pure code
READY = 5.0      # seconds for a child to reach the state a check asks for
BOX = 20.0       # seconds for one sandboxed scenario
ROUNDS = 10      # re-reads while the implementation and ps differ (a running process)
STABLE_ROUNDS = 2  # the same for processes that do not change state

PS = shutil.which("ps")
needs_ps = pytest.mark.skipif(
    PS is None, reason="procps `ps` is not installed (CI installs the procps package): "
                       "this check compares with what the real ps prints")

STATES = "DIRSTtWXZ"
STATE_NAMES = {
    "D": "uninterruptible sleep", "I": "idle kernel thread", "R": "running",
    "S": "interruptible sleep", "T": "stopped", "t": "stopped by debugger",
    "W": "paging", "X": "dead", "Z": "zombie",
}
MODIFIERS = {"<": "high_priority", "N": "low_priority", "L": "locked_pages",
             "s": "session_leader", "l": "multithreaded", "+": "foreground"}
FLAGS = tuple(MODIFIERS.values())


def _pid_max() -> int:
    with open("/proc/sys/kernel/pid_max") as f:
        return int(f.read())


# ------------------------------------------------- sandbox side: real processes

_LIBC = ctypes.CDLL(None, use_errno=True)
PR_SET_NAME = 15
PTRACE_TRACEME = 0


def _wait_readable(fd: int, what: str) -> bytes:
    ready, _, _ = select.select([fd], [], [], READY)
    if not ready:
        raise AssertionError(f"the check's own child ({what}) did not report within {READY:g} s")
    data = os.read(fd, 65536)
    if not data:
        raise AssertionError(f"the check's own child ({what}) ended before it reported")
    return data


def _child_setup(report: int, final: str, name, setsid, tty, nice, threads, lock, trace):
    """In the forked child: become what the scenario asks, report, then stay so."""
    problems = []
    if setsid:
        os.setsid()
    if tty is not None:
        try:
            fcntl.ioctl(tty, termios.TIOCSCTTY, 0)  # the pty becomes our controlling terminal
        except OSError as exc:
            problems.append(f"a pty cannot become a controlling terminal here ({exc.strerror})")
    if nice is not None:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, nice)
        except OSError as exc:
            problems.append(f"setting niceness {nice} is not permitted here ({exc.strerror})")
    locked = None
    if lock:
        locked = ctypes.create_string_buffer(4096)
        if _LIBC.mlock(locked, 4096) != 0:
            problems.append("mlock is not permitted here")
    for _ in range(threads):  # after setpriority: threads inherit the niceness
        threading.Thread(target=threading.Event().wait, daemon=True).start()
    if name:
        _LIBC.prctl(PR_SET_NAME, ctypes.c_char_p(name), 0, 0, 0)
    if trace and _LIBC.ptrace(PTRACE_TRACEME, 0, None, None) != 0:
        problems.append("ptrace(PTRACE_TRACEME) is not permitted here")
        final = "sleep"
    os.write(report, pickle.dumps((problems, final)))
    os.close(report)
    if final == "busy":
        while True:
            pass
    if final in ("stop", "trace"):
        os.kill(os.getpid(), signal.SIGSTOP)
    if final == "exit":
        return
    while True:
        signal.pause()


def _start(final="sleep", *, name=None, setsid=False, tty=None, nice=None, threads=0,
           lock=False, trace=False) -> tuple[int, list[str]]:
    """Fork a child that reaches `final` ("sleep", "busy", "stop", "trace", "exit").

    Returns its pid, once it is in that state, and what the machine did not
    permit (the child then skips that part).
    """
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            _child_setup(w, final, name, setsid, tty, nice, threads, lock, trace)
        finally:
            os._exit(0)
    os.close(w)
    try:
        problems, final = pickle.loads(_wait_readable(r, f"{final} scenario"))
    finally:
        os.close(r)
    if final in ("stop", "trace"):
        os.waitpid(pid, os.WUNTRACED)   # returns once the child has stopped
    elif final == "exit":
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # exited, left unreaped: a zombie
    else:
        _wait_status(pid, psutil.STATUS_RUNNING if final == "busy" else psutil.STATUS_SLEEPING)
    return pid, problems


def _wait_status(pid: int, status: str) -> None:
    """Bounded readiness poll: until psutil sees `status`."""
    end = time.monotonic() + READY
    while psutil.Process(pid).status() != status:
        if time.monotonic() > end:
            raise AssertionError(f"the check's own child {pid} did not become {status} "
                                 f"within {READY:g} s")
        select.select([], [], [], 0.002)


def _reap(*pids: int) -> None:
    """SIGKILL and reap the check's children (orphans come to the worker, a subreaper)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for pid in pids:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _reap_all_children() -> list[str]:
    """Kill and reap every child of this worker; describe the ones that were there."""
    found = []
    for child in psutil.Process().children():
        try:
            found.append(f"pid {child.pid} ({child.status()}): {' '.join(child.cmdline())}")
        except psutil.Error:
            found.append(f"pid {child.pid}")
        _reap(child.pid)
    return found


def _try(fn, *args):
    """fn(*args), or 'raised Type: message' (a stub's NotImplementedError propagates)."""
    try:
        return fn(*args)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported to the student
        return f"raised {type(exc).__name__}: {exc}"


def _run_ps(args: list[str]) -> str:
    done = subprocess.run([PS, *args], capture_output=True, text=True, timeout=10,
                          env={**os.environ, "LC_ALL": "C"})
    return done.stdout


def _ps_codes(pids) -> dict[int, str]:
    """{pid: STAT} as the real ps prints it, for the pids it still finds."""
    out = _run_ps(["-o", "pid=,stat=", "-p", ",".join(str(p) for p in pids)])
    codes = {}
    for line in out.splitlines():
        pid, _, code = line.strip().partition(" ")
        codes[int(pid)] = code.strip()
    return codes


def _compare_with_ps(labelled: dict[str, int], rounds: int = STABLE_ROUNDS) -> dict[str, tuple]:
    """{label: (pid, ps_stat's answer, ps's answer)}, re-read while they differ."""
    result = {}
    pending = dict(labelled)
    for _ in range(rounds):
        mine = {label: _try(procinfo.ps_stat, pid) for label, pid in pending.items()}
        theirs = _ps_codes(pending.values())
        for label, pid in list(pending.items()):
            result[label] = (pid, mine[label], theirs.get(pid, "(ps found no such process)"))
            if mine[label] == theirs.get(pid):
                del pending[label]
        if not pending:
            break
    return result


def _own_niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


def _can_lower_niceness() -> bool:
    """Whether a child of this process may lower its niceness (privilege probe)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, max(-20, _own_niceness() - 1))
            os._exit(0)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


# The scenarios (all children of the sandbox worker).
STATE_SCENARIOS = {
    "running": (dict(final="busy"), "R", psutil.STATUS_RUNNING),
    "sleeping": (dict(final="sleep"), "S", psutil.STATUS_SLEEPING),
    "stopped": (dict(final="stop"), "T", psutil.STATUS_STOPPED),
    "zombie": (dict(final="exit"), "Z", psutil.STATUS_ZOMBIE),
    "traced": (dict(final="trace", trace=True), "t", psutil.STATUS_TRACING_STOP),
}

MODIFIER_SCENARIOS = {
    "session leader": (dict(setsid=True), "Ss"),
    "multithreaded": (dict(threads=2), "Sl"),
    "niced up": (dict(nice=5), "SN"),
    "niced down": (dict(nice=-5), "S<"),
    "locked pages": (dict(lock=True), "SL"),
    "zombie session leader": (dict(setsid=True, final="exit"), "Zs"),
}

NAMES = [b") Z (", b"a b c d", b"x) T (y", b"))) (((", b"\xff\xfe) Z (", b"n\nl) Z ("]


def _observe_state(kind: str) -> dict:
    spec, _, _ = STATE_SCENARIOS[kind]
    pid, problems = _start(**spec)
    try:
        for _ in range(ROUNDS):  # a busy loop is R whenever we look; re-read to be sure
            got = _try(procinfo.process_state, pid)
            status = psutil.Process(pid).status()
            if kind != "running" or got == "R":
                break
        return dict(pid=pid, got=got, psutil=status, problems=problems)
    finally:
        _reap(pid)


def _observe_names() -> list[tuple]:
    rows = []
    for name in NAMES:
        for final in ("sleep", "stop"):
            pid, _ = _start(final, name=name)
            try:
                rows.append((name, final, pid, _try(procinfo.process_state, pid),
                             psutil.Process(pid).status()))
            finally:
                _reap(pid)
    return rows


def _ps_scenario(specs: dict[str, dict]) -> tuple[dict, dict]:
    """Start one child per spec, compare ps_stat with ps on each; (comparisons, problems)."""
    pids, problems = {}, {}
    try:
        for label, spec in specs.items():
            pids[label], problems[label] = _start(**spec)
        busy = any(spec.get("final") == "busy" for spec in specs.values())
        return _compare_with_ps(pids, ROUNDS if busy else STABLE_ROUNDS), problems
    finally:
        _reap(*pids.values())


def _observe_modifier_order() -> tuple[dict, dict]:
    """Session leaders on their own pty, foreground, mlocked, threaded, niced up and down."""
    ptys = [os.openpty() for _ in range(2)]
    try:
        common = dict(setsid=True, lock=True, threads=2)
        return _ps_scenario({
            "niced down, all modifiers": dict(common, tty=ptys[0][1], nice=-5),
            "niced up, all modifiers": dict(common, tty=ptys[1][1], nice=5),
        })
    finally:
        for fd in (fd for pair in ptys for fd in pair):
            os.close(fd)


def _fork_waiting() -> int:
    pid = os.fork()
    if pid == 0:
        try:
            while True:
                signal.pause()
        finally:
            os._exit(0)
    return pid


def _session_with_job(slave: int, report: int) -> None:
    """A shell in miniature: the session leader of a pty keeps one child in its
    own process group and puts a job (a new group of two) in the foreground."""
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    background = _fork_waiting()            # stays in the leader's process group
    job = _fork_waiting()
    os.setpgid(job, job)                    # a new process group ...
    member = _fork_waiting()
    os.setpgid(member, job)                 # ... of two processes
    os.tcsetpgrp(slave, job)                # the terminal's foreground group: tpgid
    os.write(report, pickle.dumps({"background child": background, "foreground job": job,
                                   "foreground job member": member}))
    while True:
        signal.pause()


def _observe_foreground() -> tuple[dict, dict]:
    master, slave = os.openpty()
    r, w = os.pipe()
    leader = os.fork()
    if leader == 0:
        try:
            os.close(r)
            os.close(master)
            _session_with_job(slave, w)
        finally:
            os._exit(0)
    os.close(w)
    pids = {}
    try:
        pids = pickle.loads(_wait_readable(r, "pty session"))
        pids["session leader"] = leader
        for pid in pids.values():
            _wait_status(pid, psutil.STATUS_SLEEPING)
        groups = {label: (os.getpgid(pid), os.getsid(pid)) for label, pid in pids.items()}
        return _compare_with_ps(pids), groups
    finally:
        _reap(leader, *[p for p in pids.values() if p != leader])
        for fd in (r, master, slave):
            os.close(fd)


def _observe_every_process() -> tuple[int, dict]:
    """ps_stat's modifiers against ps's, for every process on the machine."""
    listed = {}
    for line in _run_ps(["-eo", "pid=,stat="]).splitlines():
        pid, _, code = line.strip().partition(" ")
        listed[int(pid)] = code.strip()
    differing = {}
    for pid, theirs in listed.items():
        mine = _try(procinfo.ps_stat, pid)
        if mine[1:] != theirs[1:]:
            differing[pid] = (mine, theirs)
    for _ in range(5):  # re-read: thread counts and processes come and go
        if not differing:
            break
        theirs_now = _ps_codes(differing)
        for pid in list(differing):
            if pid not in theirs_now:
                del differing[pid]  # gone
                continue
            mine = _try(procinfo.ps_stat, pid)
            if mine[1:] == theirs_now[pid][1:]:
                del differing[pid]
            else:
                differing[pid] = (mine, theirs_now[pid])
    return len(listed), differing


def _niceness_rows() -> list[tuple]:
    rows = []
    for value in (19, 10, 1, 0, -1, -20):
        pid, problems = _start(nice=value)
        try:
            got = _try(procinfo.get_niceness, pid)
            rows.append((value, pid, got, psutil.Process(pid).nice(), problems))
        finally:
            _reap(pid)
    return rows


SLEEP = ["sleep", "30"]


def _spawn_row(value) -> dict:
    """spawn_niced(SLEEP, value): what came back, the child's niceness, the caller's."""
    before = _own_niceness()
    try:
        proc = procinfo.spawn_niced(SLEEP, value)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - reported to the student
        row = dict(raised=type(exc).__name__, message=str(exc))
    else:
        row = dict(returned=type(proc).__name__, popen=isinstance(proc, subprocess.Popen))
        pid = getattr(proc, "pid", None)
        if isinstance(pid, int):
            try:
                row["child_nice"] = psutil.Process(pid).nice()
            except psutil.Error as exc:
                row["child_nice"] = f"unreadable: {exc}"
        if isinstance(proc, subprocess.Popen):
            proc.kill()
            proc.wait()
    row["caller_before"], row["caller_after"] = before, _own_niceness()
    row["children_left"] = _reap_all_children()
    return row


def _spawn_absolute() -> dict:
    own = max(_own_niceness(), 2)
    os.setpriority(os.PRIO_PROCESS, 0, own)  # raising one's own niceness is always allowed
    values = [min(own + 8, 19), 19]
    can_lower = _can_lower_niceness()
    if can_lower:
        values += [0, -5, -20]
    return dict(own=own, can_lower=can_lower, rows={v: _spawn_row(v) for v in values})


def _spawn_bad_values(values) -> dict:
    return {repr(v): _spawn_row(v) for v in values}


def _spawn_unprivileged() -> dict:
    if os.geteuid() == 0:  # drop to 'nobody' (this worker is thrown away afterwards)
        resource.setrlimit(resource.RLIMIT_NICE, (0, 0))
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    else:
        resource.setrlimit(resource.RLIMIT_NICE, (0, 0))
    own = _own_niceness()
    raised = _spawn_row(min(own + 3, 19))
    lowered = _spawn_row(own - 1) if own > -20 else None
    return dict(own=own, uid=os.geteuid(), raised=raised, lowered=lowered,
                still_privileged=_can_lower_niceness())


_PSUTIL_LETTER = {
    psutil.STATUS_RUNNING: "R", psutil.STATUS_SLEEPING: "S", psutil.STATUS_DISK_SLEEP: "D",
    psutil.STATUS_STOPPED: "T", psutil.STATUS_TRACING_STOP: "t", psutil.STATUS_ZOMBIE: "Z",
    psutil.STATUS_DEAD: "X", psutil.STATUS_IDLE: "I", psutil.STATUS_PARKED: "P",
}


def _locked_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status", "rb") as f:
        for line in f:
            if line.startswith(b"VmLck:"):
                return int(line.split()[1])
    return 0


def _code_from_facts(pid: int, foreground_pgrp) -> str:
    """The STAT code from psutil, os.getsid/getpgid, tcgetpgrp and VmLck: the
    check's own oracle where ps is not needed."""
    proc = psutil.Process(pid)
    nice = proc.nice()
    facts = [("<", nice < 0), ("N", nice > 0), ("L", _locked_kib(pid) > 0),
             ("s", os.getsid(pid) == pid), ("l", proc.num_threads() > 1),
             ("+", os.getpgid(pid) == foreground_pgrp)]
    return _PSUTIL_LETTER[proc.status()] + "".join(c for c, holds in facts if holds)


def _observe_facts() -> dict:
    """ps_stat against the facts, on a mix of processes (no ps needed)."""
    master, slave = os.openpty()
    specs = {
        "sleeping": dict(), "stopped": dict(final="stop"), "zombie": dict(final="exit"),
        "niced, threaded, mlocked session leader": dict(setsid=True, nice=7, threads=2, lock=True),
        "foreground session leader of a pty, niced down": dict(setsid=True, tty=slave, nice=-3),
    }
    pids = {}
    try:
        for label, spec in specs.items():
            pids[label], _ = _start(**spec)
        foreground = os.tcgetpgrp(master)
        return {label: (pid, _try(procinfo.ps_stat, pid),
                        _code_from_facts(pid, foreground if "pty" in label else None))
                for label, pid in pids.items()}
    finally:
        _reap(*pids.values())
        os.close(master)
        os.close(slave)


# --------------------------------------------------------- pytest side: helpers

def _sandboxed(fn, *args, what: str):
    return run_sandboxed(fn, *args, timeout=BOX, what=what)


def _expected_flags(code: str) -> dict[str, bool]:
    return {field: letter in code[1:] for letter, field in MODIFIERS.items()}


def _describe(result) -> str:
    if not hasattr(result, "state"):
        return repr(result)
    flags = [f for f in FLAGS if getattr(result, f, None)]
    return f"StatCode(state={result.state!r}, state_name={result.state_name!r}, flags {flags})"


def _parse(code):
    with deadline(QUICK, f"parse_stat_code({code!r})"):
        return procinfo.parse_stat_code(code)


def _check_parsed(code: str, result) -> None:
    want_flags = _expected_flags(code)
    got_flags = {f: getattr(result, f, None) for f in FLAGS}
    assert (getattr(result, "state", None) == code[0]
            and getattr(result, "state_name", None) == STATE_NAMES[code[0]]
            and got_flags == want_flags), (
        f"parse_stat_code({code!r}) returned {_describe(result)}; expected state {code[0]!r} "
        f"({STATE_NAMES[code[0]]!r}) and True exactly for "
        f"{[f for f, v in want_flags.items() if v] or 'no flag'}")
    assert all(type(v) is bool for v in got_flags.values()), (
        f"parse_stat_code({code!r}): the flags should be bools, got {got_flags!r}")


def _expect_error(expected, call: str, fn, *args):
    """Call fn(*args) under a deadline: (the `expected` exception, None), or
    (None, what it did instead). A stub's NotImplementedError propagates."""
    with deadline(QUICK, call):
        try:
            result = fn(*args)
        except expected as exc:
            return exc, None
        except NotImplementedError:
            raise
        except Exception as exc:  # noqa: BLE001 - reported
            return None, f"{call} raised {type(exc).__name__}({exc})"
    return None, f"{call} returned {_describe(result)}"


def _shown(result) -> str:
    """A result for a message: a code as its repr, an error as 'raised ...'."""
    if isinstance(result, str) and result.startswith("raised "):
        return result
    return f"returned {result!r}"


def _mismatches(compared: dict) -> list[str]:
    return [f"{label} (pid {pid}): ps_stat {_shown(mine)}, ps prints {theirs!r}"
            for label, (pid, mine, theirs) in compared.items() if mine != theirs]


# ---------------------------------------------------------------- parse_stat_code

def test_parse_stat_code_state_letters():
    """parse_stat_code knows the nine state letters D I R S T t W X Z and their man-page names.

    Hint: one dict from letter to name; "T" is "stopped" (by a job-control
    signal), "t" is "stopped by debugger"; case matters.

    中文: 检查 parse_stat_code 认识 D I R S T t W X Z 九个状态字母及 man ps 中的名称。

    提示: 用一个字母到名称的字典;T 是 "stopped"(被作业控制信号暂停),t 是
    "stopped by debugger"(被调试器暂停),大小写不同含义不同。
    """
    for letter in STATES:
        _check_parsed(letter, _parse(letter))


def test_parse_stat_code_each_modifier():
    """Each modifier < N L s l + sets exactly its own flag.

    Hint: < is high_priority, N low_priority, L locked_pages, s
    session_leader (not "session group" as the notes say), l multithreaded
    (more than one thread, nothing to do with child processes), + foreground.

    中文: 检查每个后缀 < N L s l + 只设置它自己对应的标志。

    提示: < 是高优先级,N 是低优先级,L 是内存页被锁定,s 是会话组长(讲义写的"回话组"不对),
    l 是多线程(和子进程无关,讲义说的"有子进程链接"是错的),+ 是前台进程组。
    """
    for letter in MODIFIERS:
        for code in ("S" + letter, "R" + letter):
            _check_parsed(code, _parse(code))
    for code in ("Ssl+", "R<", "SNl", "Ss<", "Z", "D+", "I<", "S<sl", "Rl+", "TL"):
        _check_parsed(code, _parse(code))


@settings(max_examples=150)
@given(state=st.sampled_from(STATES),
       modifiers=st.permutations("<NLsl+").flatmap(
           lambda p: st.integers(0, 6).map(lambda n: "".join(p[:n]))))
def test_parse_stat_code_modifiers_in_any_order(state, modifiers):
    """parse_stat_code accepts any state with any set of modifiers in any order.

    Hint: ps prints the modifiers in the order <NLsl+, but the contract
    accepts any order: loop over the letters after the first one, do not
    match one fixed pattern.

    中文: 检查 parse_stat_code 接受任意状态字母加任意顺序的任意一组后缀。

    提示: ps 输出时按 <NLsl+ 的顺序,但这里要求接受任意顺序:对第一个字母之后的每个字符
    逐个处理,不要用固定顺序的模式去匹配。
    """
    if "<" in modifiers and "N" in modifiers:
        modifiers = modifiers.replace("N", "")
    code = state + modifiers
    _check_parsed(code, _parse(code))


MALFORMED = ["", "s", "Q", "r", "SS", "Sss", "S++", "Sll", "S<<", " S", "S ", "S\n", "S +",
             "S\t", "\u0405", "S<N", "RN<", "Sl<sN", "ZZ", "S?", "Ss+x", "SⅬ"]


def test_parse_stat_code_rejects_malformed():
    """parse_stat_code raises ValueError naming the code for empty, unknown, repeated, blank or "<"+"N" codes.

    Hint: check the first letter against the states, every later letter
    against the modifiers, each modifier at most once, and refuse < with N
    (niceness cannot be below and above 0). Do not strip() the input.

    中文: 检查空串、未知字母、重复后缀、含空白、同时含 < 和 N 的代码都抛出 ValueError 且信息带有该代码。

    提示: 第一个字母必须是状态字母,后面每个字母必须是后缀且最多出现一次,< 和 N 不能同时出现
    (nice 值不可能既小于 0 又大于 0)。不要对输入做 strip()。
    """
    wrong = []
    for code in MALFORMED:
        error, problem = _expect_error(ValueError, f"parse_stat_code({code!r})",
                                       procinfo.parse_stat_code, code)
        if problem:
            wrong.append(problem)
        elif repr(code) not in str(error):
            wrong.append(f"parse_stat_code({code!r}) raised ValueError({str(error)!r}), "
                         f"which does not name the code {code!r}")
    assert not wrong, "; ".join(wrong) + ": expected ValueError naming the code (its repr)"


def _valid(code: str) -> bool:
    """The grammar, as the check reads the contract."""
    if not code or code[0] not in STATES:
        return False
    rest = code[1:]
    return (all(c in MODIFIERS for c in rest) and len(set(rest)) == len(rest)
            and not ("<" in rest and "N" in rest))


@settings(max_examples=200)
@given(code=st.text(alphabet="DIRSTtWXZ<NLsl+ \tqn", max_size=6))
def test_parse_stat_code_grammar(code):
    """parse_stat_code accepts exactly the codes of the grammar and raises ValueError for the rest.

    Hint: the grammar is: one state letter, then modifiers, each at most
    once, never both < and N. Anything else is a ValueError (never an
    IndexError or KeyError).

    中文: 检查 parse_stat_code 只接受符合语法的代码,其余一律抛出 ValueError。

    提示: 语法是:一个状态字母,然后若干后缀,每个最多一次,< 和 N 不能同时出现。
    其他情况都要抛 ValueError,而不是 IndexError 或 KeyError。
    """
    try:
        result = _parse(code)
    except ValueError:
        assert not _valid(code), f"parse_stat_code({code!r}) raised ValueError; it is a valid STAT code"
        return
    assert _valid(code), f"parse_stat_code({code!r}) returned {_describe(result)}; expected ValueError"
    _check_parsed(code, result)


def test_parse_stat_code_rejects_non_str():
    """parse_stat_code raises TypeError for bytes, None and ints.

    Hint: check isinstance(code, str) first; b"S"[0] is the int 83, and
    None is not "empty", it is the wrong type.

    中文: 检查传入 bytes、None、整数时 parse_stat_code 抛出 TypeError。

    提示: 先检查 isinstance(code, str);b"S"[0] 是整数 83,None 也不是"空串",而是类型错误。
    """
    problems = [_expect_error(TypeError, f"parse_stat_code({bad!r})", procinfo.parse_stat_code, bad)[1]
                for bad in (b"S", None, 5)]
    wrong = [p for p in problems if p]
    assert not wrong, "; ".join(wrong) + ": expected TypeError (a wrong type, not a wrong value)"


def _ps_every_stat() -> str:
    return _run_ps(["-eo", "stat="])


@needs_ps
def test_parse_stat_code_every_code_ps_prints():
    """Every STAT code `ps -eo stat=` prints on this machine parses, with flags matching its letters.

    Hint: real codes look like "Ss", "I<", "Sl", "R+", "SNl", "S<sl": each
    modifier letter sets its own flag.

    中文: 检查本机 ps -eo stat= 打印出的每个 STAT 代码都能解析,且标志与字母一致。

    提示: 真实的代码形如 "Ss"、"I<"、"Sl"、"R+"、"SNl"、"S<sl":每个后缀字母设置各自的标志。
    """
    printed = sorted(set(_sandboxed(_ps_every_stat, what="ps -eo stat=").split()))
    assert printed, "ps -eo stat= printed nothing"
    # Newer kernels also report "P" (parked kernel thread), which the contract does not name.
    codes = [code for code in printed if code[0] in STATES]
    for code in codes:
        _check_parsed(code, _parse(code))


# ---------------------------------------------------------------- process_state

@pytest.mark.parametrize("kind", list(STATE_SCENARIOS))
def test_process_state_of_each_state(kind):
    """process_state reads R, S, T, Z and t for a busy, sleeping, stopped, zombie and traced process.

    Hint: the state is the first field after the command name in
    /proc/<pid>/stat: data[data.rindex(b")") + 1:].split()[0]. Count fields
    as man 5 proc does: pid (1), comm (2), state (3).

    中文: 检查 process_state 对忙循环、睡眠、暂停、僵尸、被跟踪的进程分别读出 R、S、T、Z、t。

    提示: 状态是 /proc/<pid>/stat 中进程名之后的第一个字段:
    data[data.rindex(b")") + 1:].split()[0]。字段按 man 5 proc 的编号数:pid(1)、comm(2)、state(3)。
    """
    _, want, status = STATE_SCENARIOS[kind]
    seen = _sandboxed(_observe_state, kind, what=f"process_state on a {kind} process")
    if seen["problems"]:
        pytest.skip("; ".join(seen["problems"]))
    assert seen["psutil"] == status, f"psutil sees the {kind} process as {seen['psutil']!r}, not {status!r}"
    assert seen["got"] == want, (
        f"process_state({seen['pid']}) on a {kind} process {_shown(seen['got'])}, "
        f"expected {want!r} (psutil: {seen['psutil']!r}): take field 3 of /proc/<pid>/stat")


@pytest.mark.points(2)
def test_process_state_names_with_spaces_and_parens():
    """process_state reads the state of processes named ") Z (", "a b c d", "x) T (y", non-UTF-8 bytes and a newline.

    Hint: a process may name itself anything (prctl PR_SET_NAME): split() on
    the line, or the first ")", lands inside the name. Read the file as
    bytes (names need not be UTF-8) and start after the last b")".

    中文: 检查进程名为 ") Z ("、"a b c d"、"x) T (y"、非 UTF-8 字节或含换行时 process_state 仍读对状态。

    提示: 进程可以把自己的名字改成任何内容(prctl PR_SET_NAME):对整行 split() 或找第一个 ")"
    都会落在名字里面。以二进制方式读文件(名字不一定是 UTF-8),从最后一个 b")" 之后开始解析。
    """
    rows = _sandboxed(_observe_names, what="process_state on processes with odd names")
    want = {psutil.STATUS_SLEEPING: "S", psutil.STATUS_STOPPED: "T"}
    wrong = [f"named {name!r} ({status} process): {_shown(got)}"
             for name, final, pid, got, status in rows if got != want.get(status)]
    assert not wrong, ("process_state on processes with odd names: " + "; ".join(wrong)
                       + ": expected 'S' for the sleeping and 'T' for the stopped ones")


def test_missing_process_raises_process_lookup_error():
    """process_state, ps_stat and get_niceness raise ProcessLookupError for a pid no process has.

    Hint: opening /proc/<pid>/stat of a missing process raises
    FileNotFoundError: turn it into ProcessLookupError (os.getpriority
    already raises ProcessLookupError).

    中文: 检查对不存在的进程号调用 process_state、ps_stat、get_niceness 都抛出 ProcessLookupError。

    提示: 打开不存在进程的 /proc/<pid>/stat 会抛 FileNotFoundError,要转换成 ProcessLookupError
    (os.getpriority 本身就会抛 ProcessLookupError)。
    """
    pid = _pid_max() + 1  # above pid_max: no process can have it
    problems = [_expect_error(ProcessLookupError, f"{name}({pid}) (above /proc/sys/kernel/pid_max)",
                              getattr(procinfo, name), pid)[1]
                for name in ("process_state", "ps_stat", "get_niceness")]
    wrong = [p for p in problems if p]
    assert not wrong, "; ".join(wrong) + ": expected ProcessLookupError"


def test_pid_must_be_a_positive_int():
    """process_state, ps_stat and get_niceness raise TypeError for True, 1.5, "1" and ValueError for 0 and -1.

    Hint: check the pid before using it: a bool is not a pid, and
    os.getpriority(PRIO_PROCESS, 0) would quietly read the caller's own
    niceness.

    中文: 检查传入 True、1.5、"1" 时抛出 TypeError,传入 0、-1 时抛出 ValueError。

    提示: 使用前先检查 pid:bool 不是进程号;os.getpriority(PRIO_PROCESS, 0) 会悄悄读出调用者自己的 nice 值。
    """
    wrong = []
    for name in ("process_state", "ps_stat", "get_niceness"):
        for bad, expected in ((True, TypeError), (1.5, TypeError), ("1", TypeError),
                              (0, ValueError), (-1, ValueError)):
            _, problem = _expect_error(expected, f"{name}({bad!r})", getattr(procinfo, name), bad)
            if problem:
                wrong.append(problem)
    assert not wrong, ("; ".join(wrong) + ": expected TypeError for a pid that is not an int "
                       "(or is a bool), ValueError for 0 and negative pids")


# ---------------------------------------------------------------- ps_stat

@pytest.mark.points(2)
def test_ps_stat_matches_process_facts():
    """ps_stat agrees with psutil and os (state, nice, VmLck, getsid, threads, tcgetpgrp) on five kinds of process.

    Hint: every letter has one source: the state and nice from
    /proc/<pid>/stat, L from VmLck in /proc/<pid>/status (missing for a
    zombie: 0), s from session == pid, l from num_threads > 1, + from
    pgrp == tpgid.

    中文: 检查 ps_stat 与 psutil 和 os 得到的事实(状态、nice 值、VmLck、会话、线程数、前台进程组)一致。

    提示: 每个字母都有唯一来源:状态和 nice 值在 /proc/<pid>/stat 里;L 看 /proc/<pid>/status
    的 VmLck(僵尸进程没有这一行,按 0 算);s 看会话号是否等于 pid;l 看线程数是否大于 1;
    + 看进程组号是否等于 tpgid。
    """
    seen = _sandboxed(_observe_facts, what="ps_stat on five kinds of process")
    wrong = [f"{label} (pid {pid}): ps_stat {_shown(mine)}, the facts say {facts!r}"
             for label, (pid, mine, facts) in seen.items() if mine != facts]
    assert not wrong, "; ".join(wrong)


def _ps_states(kind):
    return _ps_scenario({kind: STATE_SCENARIOS[kind][0]})


@needs_ps
@pytest.mark.points(2)
@pytest.mark.parametrize("kind", list(STATE_SCENARIOS))
def test_ps_stat_matches_ps_for_each_state(kind):
    """ps_stat equals `ps -o stat= -p PID` for a running, sleeping, stopped, zombie and traced process.

    Hint: the state letter first, then the modifiers whose condition holds.
    A zombie has no VmLck line in /proc/<pid>/status: count that as 0
    instead of failing.

    中文: 检查对运行、睡眠、暂停、僵尸、被跟踪的进程,ps_stat 与 ps -o stat= -p PID 的输出相同。

    提示: 先写状态字母,再按条件加后缀。僵尸进程的 /proc/<pid>/status 里没有 VmLck 这一行,
    要当作 0,而不是报错。
    """
    compared, problems = _sandboxed(_ps_states, kind, what=f"ps_stat on a {kind} process")
    wrong = _mismatches(compared)
    if problems[kind] and not wrong:
        pytest.skip("; ".join(problems[kind]))
    assert not wrong, "; ".join(wrong)


def _ps_modifier(kind):
    return _ps_scenario({kind: MODIFIER_SCENARIOS[kind][0]})


@needs_ps
@pytest.mark.points(2)
@pytest.mark.parametrize("kind", list(MODIFIER_SCENARIOS))
def test_ps_stat_matches_ps_for_each_modifier(kind):
    """ps_stat equals ps for a session leader, a multithreaded, niced up/down, mlocked and zombie leader process.

    Hint: < when nice (field 19) < 0, N when it is > 0; L when VmLck > 0; s
    when the session id (field 6) equals the pid; l when num_threads (field
    20) > 1.

    中文: 检查会话组长、多线程、nice 值调高/调低、锁定内存、僵尸会话组长等进程的 ps_stat 与 ps 一致。

    提示: nice 值(第 19 个字段)小于 0 加 <,大于 0 加 N;VmLck 大于 0 加 L;会话号(第 6 个字段)
    等于 pid 加 s;线程数(第 20 个字段)大于 1 加 l。
    """
    compared, problems = _sandboxed(_ps_modifier, kind, what=f"ps_stat on a {kind} process")
    wrong = _mismatches(compared)
    if problems[kind] and not wrong:
        pytest.skip("; ".join(problems[kind]))
    shape = MODIFIER_SCENARIOS[kind][1]
    assert not wrong, "; ".join(wrong) + f" (such a process usually shows {shape!r})"


@needs_ps
@pytest.mark.points(2)
def test_ps_stat_modifier_order():
    """ps_stat writes the modifiers in ps's order <NLsl+ (a niced, mlocked, threaded, foreground session leader).

    Hint: build the code in one fixed order: "<" or "N", then "L", "s",
    "l", "+", the order procps ps uses ("S<Lsl+", "SNLsl+").

    中文: 检查 ps_stat 按 ps 的顺序 <NLsl+ 输出后缀(调过 nice、锁定内存、多线程、前台的会话组长)。

    提示: 按固定顺序拼接:先 "<" 或 "N",再 "L"、"s"、"l"、"+",这是 procps 的 ps 使用的顺序
    (如 "S<Lsl+"、"SNLsl+")。
    """
    compared, problems = _sandboxed(_observe_modifier_order, what="ps_stat on busy session leaders")
    wrong = _mismatches(compared)
    assert not wrong, "; ".join(wrong) + ": the modifiers go in the order <NLsl+"
    if any(problems.values()):
        pytest.skip("partly checked: " + "; ".join(p for ps in problems.values() for p in ps))


@needs_ps
@pytest.mark.points(2)
def test_ps_stat_foreground_group_on_pty():
    """ps_stat shows + exactly for the processes of the terminal's foreground group (pgrp == tpgid).

    Hint: on a pty, a session leader put a two-process job in the
    foreground: both job processes get "+", the leader and its background
    child do not. Compare the process group (field 5) with tpgid (field 8),
    not the pid or the session id.

    中文: 检查 ps_stat 只给终端前台进程组里的进程加 +(pgrp == tpgid)。

    提示: 在伪终端上,会话组长把一个两进程的作业放到前台:作业里的两个进程都有 +,
    会话组长和它留在后台的子进程都没有。要比较进程组号(第 5 个字段)和 tpgid(第 8 个字段),
    而不是 pid 或会话号。
    """
    compared, groups = _sandboxed(_observe_foreground, what="ps_stat in a pty session")
    wrong = _mismatches(compared)
    assert not wrong, "; ".join(wrong) + ". Process groups (pgid, sid): " + ", ".join(
        f"{label} {pg}" for label, pg in groups.items())


def _ps_names():
    return _ps_scenario({f"named {name!r}": dict(name=name, setsid=True, nice=3)
                         for name in NAMES})


@needs_ps
@pytest.mark.points(2)
def test_ps_stat_names_with_spaces_and_parens():
    """ps_stat equals ps for niced session leaders named ") Z (", "a b c d", non-UTF-8 bytes and the like.

    Hint: every field ps_stat needs comes after the command name: find the
    last b")" and split only what follows; read the file as bytes.

    中文: 检查名字含 ") Z ("、空格、非 UTF-8 字节等的会话组长(调过 nice)的 ps_stat 与 ps 一致。

    提示: ps_stat 需要的字段都在进程名之后:找到最后一个 b")",只对它后面的部分 split();
    以二进制方式读文件。
    """
    compared, _ = _sandboxed(_ps_names, what="ps_stat on processes with odd names")
    wrong = _mismatches(compared)
    assert not wrong, "; ".join(wrong)


@needs_ps
@pytest.mark.points(2)
def test_ps_stat_agrees_with_ps_on_every_process():
    """ps_stat's modifiers equal ps's for every process on this machine.

    Hint: kernel threads ("I<"), daemons ("Ss", "Ssl"), shells ("Ss+")
    cover many cases at once; states may change between two reads, so only
    the modifiers are compared here.

    中文: 检查本机每个进程的 ps_stat 后缀都与 ps 的一致。

    提示: 内核线程("I<")、守护进程("Ss"、"Ssl")、终端里的 shell("Ss+")一次覆盖很多情况;
    进程状态在两次读取之间可能变化,所以这里只比较后缀。
    """
    count, differing = _sandboxed(_observe_every_process, what="ps_stat on every process")
    wrong = [f"pid {pid}: ps_stat {_shown(mine)}, ps {theirs!r}" for pid, (mine, theirs) in
             sorted(differing.items())]
    assert not wrong, (f"ps_stat's modifiers differ from ps's on {len(wrong)} of {count} "
                       "processes: " + "; ".join(wrong[:12]))


# ---------------------------------------------------------------- niceness

def test_get_niceness_matches_psutil():
    """get_niceness reads the niceness of processes niced to 19, 10, 1, 0, -1 and -20, as psutil does.

    Hint: os.getpriority(os.PRIO_PROCESS, pid); or field 19 of
    /proc/<pid>/stat (field 18 is the kernel's priority, 20 + nice).

    中文: 检查 get_niceness 读到的 nice 值(19、10、1、0、-1、-20)与 psutil 一致。

    提示: 用 os.getpriority(os.PRIO_PROCESS, pid);或读 /proc/<pid>/stat 的第 19 个字段
    (第 18 个字段是内核优先级,等于 20 + nice)。
    """
    rows = _sandboxed(_niceness_rows, what="get_niceness on niced processes")
    wrong, checked = [], 0
    for value, pid, got, actual, problems in rows:
        if problems:
            continue
        checked += 1
        assert actual == value, f"psutil sees niceness {actual} for a child that set {value}"
        if got != actual:
            wrong.append(f"niced to {value}: get_niceness({pid}) {_shown(got)}")
    assert not wrong, "; ".join(wrong)
    assert checked, "no niced process could be made here"


@pytest.mark.points(2)
def test_spawn_niced_sets_absolute_niceness():
    """spawn_niced starts the child at exactly the niceness asked (19, 10, 0, -5, -20) and leaves the caller's unchanged.

    Hint: os.nice(n) adds n to the current niceness (relative), and in the
    caller it changes the caller. Set the absolute value in the child:
    Popen(argv, preexec_fn=lambda: os.setpriority(os.PRIO_PROCESS, 0, n)).

    中文: 检查 spawn_niced 启动的子进程 nice 值正好是指定值(19、10、0、-5、-20),调用者自己的 nice 值不变。

    提示: os.nice(n) 是在当前值上加 n(相对值),在父进程里调用还会改掉父进程自己。
    应在子进程里设置绝对值:Popen(argv, preexec_fn=lambda: os.setpriority(os.PRIO_PROCESS, 0, n))。
    """
    seen = _sandboxed(_spawn_absolute, what="spawn_niced(['sleep', '30'], n)")
    wrong = []
    for value, row in seen["rows"].items():
        call = f"spawn_niced({SLEEP!r}, {value}) from a caller at niceness {seen['own']}"
        if "raised" in row:
            wrong.append(f"{call} raised {row['raised']}({row['message']})")
            continue
        if not row["popen"]:
            wrong.append(f"{call} returned a {row['returned']}, not a subprocess.Popen")
        if row.get("child_nice") != value:
            wrong.append(f"{call}: the child runs at niceness {row.get('child_nice')!r} (psutil)")
        if row["caller_after"] != row["caller_before"]:
            wrong.append(f"{call} changed the caller's own niceness from {row['caller_before']} "
                         f"to {row['caller_after']}")
    assert not wrong, "; ".join(wrong)
    if not seen["can_lower"]:
        pytest.skip("only 10 and 19 checked: lowering niceness is not permitted here (not root)")


def _assert_rejected(rows: dict, expected, what: str):
    wrong = []
    for value, row in rows.items():
        call = f"spawn_niced({SLEEP!r}, {value})"
        if row.get("raised") != expected.__name__:
            got = (f"raised {row['raised']}({row['message']})" if "raised" in row
                   else f"returned a {row['returned']}")
            wrong.append(f"{call} {got}")
        elif value not in row["message"]:
            wrong.append(f"{call} raised {expected.__name__}({row['message']!r}), which does "
                         f"not name {value}")
        if row["children_left"]:
            wrong.append(f"{call} left a child process: {row['children_left'][0]}")
    assert not wrong, "; ".join(wrong) + f": expected {expected.__name__} {what}, and no process started"


def test_spawn_niced_rejects_out_of_range():
    """spawn_niced raises ValueError naming the value for niceness -21, 20, 99 and -100, and starts nothing.

    Hint: setpriority quietly clamps 20 to 19 and -21 to -20: check the
    range -20..19 yourself, before starting anything.

    中文: 检查 nice 值为 -21、20、99、-100 时 spawn_niced 抛出带有该值的 ValueError,并且不启动任何进程。

    提示: setpriority 会悄悄把 20 改成 19、-21 改成 -20:要在启动进程之前自己检查 -20~19 的范围。
    """
    rows = _sandboxed(_spawn_bad_values, [-21, 20, 99, -100], what="spawn_niced with bad niceness")
    _assert_rejected(rows, ValueError, "(niceness runs from -20 to 19)")


def test_spawn_niced_rejects_non_int():
    """spawn_niced raises TypeError for niceness True, 2.5 and "5", and starts nothing.

    Hint: True is an int in Python (it would mean niceness 1); check
    isinstance(n, int) and not isinstance(n, bool) before starting anything.

    中文: 检查 nice 值为 True、2.5、"5" 时 spawn_niced 抛出 TypeError,并且不启动任何进程。

    提示: True 在 Python 里是整数(相当于 nice 值 1);启动进程之前先检查
    isinstance(n, int) and not isinstance(n, bool)。
    """
    rows = _sandboxed(_spawn_bad_values, [True, 2.5, "5"], what="spawn_niced with a non-int niceness")
    _assert_rejected(rows, TypeError, "(niceness is an int)")


@pytest.mark.points(2)
def test_spawn_niced_permission_error_without_privilege():
    """Without privilege, spawn_niced raises PermissionError for a lower niceness, starts nothing, and may still raise it.

    Hint: Popen reports an exception in preexec_fn as SubprocessError: turn
    the failed setpriority into PermissionError (or find the errno another
    way). Raising one's niceness never needs privilege.

    中文: 检查没有特权时,spawn_niced 调低 nice 值会抛出 PermissionError 且不留下进程,调高仍然可以。

    提示: Popen 会把 preexec_fn 里的异常报告成 SubprocessError:要把 setpriority 失败转换成
    PermissionError(或用别的办法拿到 errno)。调高 nice 值(降低优先级)永远不需要特权。
    """
    seen = _sandboxed(_spawn_unprivileged, what="spawn_niced as an unprivileged user")
    own, raised, lowered = seen["own"], seen["raised"], seen["lowered"]
    wrong = []
    target = min(own + 3, 19)
    call = f"spawn_niced({SLEEP!r}, {target}) as uid {seen['uid']} at niceness {own}"
    if "raised" in raised:
        wrong.append(f"{call} raised {raised['raised']}({raised['message']})")
    elif raised.get("child_nice") != target:
        wrong.append(f"{call}: the child runs at niceness {raised.get('child_nice')!r}")
    if seen["still_privileged"]:
        assert not wrong, "; ".join(wrong)
        pytest.skip("this process may lower its niceness even without root (CAP_SYS_NICE)")
    if lowered is not None:
        call = f"spawn_niced({SLEEP!r}, {own - 1}) as uid {seen['uid']} at niceness {own}"
        if lowered.get("raised") != "PermissionError":
            got = (f"raised {lowered['raised']}({lowered['message']})" if "raised" in lowered
                   else f"returned a {lowered['returned']} (child niceness "
                        f"{lowered.get('child_nice')!r})")
            wrong.append(f"{call} {got}; expected PermissionError")
        if lowered["children_left"]:
            wrong.append(f"{call} left a child process: {lowered['children_left'][0]}")
        if lowered["caller_after"] != lowered["caller_before"]:
            wrong.append(f"{call} changed the caller's niceness to {lowered['caller_after']}")
    assert not wrong, "; ".join(wrong)
