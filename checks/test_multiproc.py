"""Checks for topic 17, multiproc: Process, start, join, pools, timeouts, under every start method.

Every call runs in the harness sandbox, after
``multiprocessing.set_start_method(method, force=True)`` there, for each of
``fork``, ``spawn`` and ``forkserver`` (the functions under test use the
default context, so the check chooses). Under spawn and forkserver the
workers import the implementation (``netlab_impl``, on PYTHONPATH) and their
targets (``checks/multiproc_targets.py``, on the ``sys.path`` multiprocessing
hands its children) by name. What the workers did is observed from outside
the implementation: a ``Hub`` thread in the sandbox process that workers
report to and meet at (a rendezvous a serial implementation can never
complete, and a release order that makes results finish in reverse), and
``psutil`` for the processes left behind (the forkserver and resource-tracker
helper processes do not count; they are stopped at the end).

Clause-to-check map (CURRICULUM.md section 17, and the general rules):

- run_processes: one Process per args tuple, named f"{name_prefix}-{i}" from
  0 (default prefix "worker"), exit codes in input order (0, sys.exit(n),
  -signal) → test_run_processes_names_and_exit_codes
- run_processes: all started before any is joined (a rendezvous of all
  workers) → test_run_processes_starts_all_before_joining
- parallel_map: [fn(x) for x in items] in input order even when items
  finish in reverse, items computed in `workers` processes at the same time,
  more items than workers, no items → test_parallel_map_input_order_and_parallelism
- parallel_map: workers < 1 → ValueError naming the value
  → test_parallel_map_rejects_workers_below_1
- parallel_map: fn's exception raised in the caller, same type
  → test_parallel_map_raises_fns_exception
- parallel_map: a worker that dies (os._exit, SIGKILL) → RuntimeError or a
  subclass (BrokenProcessPool), never a hang → test_parallel_map_dead_worker_raises
- run_with_timeout: returns fn's result; fn's exception raised in the
  caller, same type → test_run_with_timeout_result_and_exception
- run_with_timeout: a child that dies without a result → RuntimeError
  → test_run_with_timeout_dead_child_raises
- run_with_timeout: after `timeout` the child is terminated (killed if it
  ignores SIGTERM) and joined; the built-in TimeoutError, within bounds
  → test_run_with_timeout_times_out
- no child alive (and no zombie) after any of them returns or raises → every
  check above (psutil descendants of the sandbox process)
- works under fork, spawn and forkserver with module-level functions
  (closures would break spawn and forkserver) → every check, parametrized
  by start method
"""
import contextlib
import multiprocessing
import os
import shutil
import time

import psutil
import pytest

import multiproc_targets as targets
from harness import DeadlineExceeded, deadline, run_sandboxed, topic

multiproc = topic("multiproc")

METHODS = ["fork", "spawn", "forkserver"]
SANDBOX = 50.0     # a backstop for one sandboxed check (pytest-timeout is 60 s); never reached
CALL = 20.0        # a call that starts a few processes (spawn is slow, the machine loaded)
DYING = 10.0       # a call whose worker dies: it must notice, not hang
PATIENCE = 4.0     # seconds a rendezvous waits after the last arrival
_HELPERS = ("multiprocessing.forkserver", "multiprocessing.resource_tracker")

by_method = pytest.mark.parametrize("method", METHODS)


# ------------------------------------------------------------ helpers (sandbox)

@contextlib.contextmanager
def _started_with(method: str):
    """In the sandbox: make `method` the default start method; clean up after."""
    config = multiprocessing.current_process()._config
    inherited_tempdir = config.get("tempdir")
    multiprocessing.set_start_method(method, force=True)
    try:
        yield
    finally:
        # Workers first: a spawned worker holds the resource tracker's pipe,
        # and the tracker only ends once every holder has closed it.
        _kill(proc for proc in psutil.Process().children(recursive=True)
              if not _is_helper(proc))
        _stop_helpers()
        _kill(psutil.Process().children(recursive=True))
        # The pymp-* folder (the forkserver's socket) is removed by an atexit
        # finalizer, which a sandbox process, ending with os._exit, never runs.
        tempdir = config.get("tempdir")
        if tempdir and tempdir != inherited_tempdir:
            shutil.rmtree(tempdir, ignore_errors=True)


def _kill(procs) -> None:
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.kill()


def _stop_helpers() -> None:
    """Stop the forkserver and resource-tracker processes, if they run."""
    from multiprocessing import forkserver, resource_tracker
    for helper in (forkserver._forkserver, resource_tracker._resource_tracker):
        with contextlib.suppress(Exception):
            helper._stop()


def _is_helper(proc: psutil.Process) -> bool:
    """The forkserver or the resource tracker: children of the caller itself.

    (A forkserver's workers are forked from it, so they share its command
    line; they are its children, not the caller's, and they do count.)
    """
    try:
        if proc.ppid() != os.getpid():
            return False
        command = " ".join(proc.cmdline())
    except psutil.Error:
        return False
    return any(name in command for name in _HELPERS)


def _leftovers(settle: float = 1.0) -> list[str]:
    """Processes below the caller, alive or zombie, except multiprocessing's
    helpers, once those already on their way out have had `settle` seconds
    to go (a forkserver reaps a child that was terminated but not joined)."""
    end = time.monotonic() + settle
    while True:
        found = []
        for proc in psutil.Process().children(recursive=True):
            try:
                if not _is_helper(proc):
                    found.append(f"pid {proc.pid} ({proc.status()})")
            except psutil.NoSuchProcess:
                pass
        if not found or time.monotonic() >= end:
            return found
        time.sleep(0.02)   # bounded polling: the kernel and the forkserver reap


def _outcome(fn, *args, **kwargs):
    """("returned", value) or ("raised", exception); a stub or a deadline passes through."""
    try:
        return "returned", fn(*args, **kwargs)
    except (NotImplementedError, DeadlineExceeded):
        raise
    except BaseException as exc:    # noqa: BLE001 - the check judges it
        return "raised", exc


def _describe(outcome) -> str:
    kind, value = outcome
    if kind == "returned":
        return f"returned {value!r}"
    return f"raised {type(value).__module__}.{type(value).__qualname__}: {value}"


def _wait_reports(hub, count: int) -> None:
    """Workers report before they end, but the hub may read a moment later."""
    end = time.monotonic() + 5.0
    while len(hub.reports) < count and time.monotonic() < end:
        time.sleep(0.005)   # bounded polling of the hub's thread


def _no_leftovers(method: str, after: str) -> None:
    left = _leftovers()
    assert not left, (
        f"[{method}] after {after}, processes are left below the caller: "
        f"{', '.join(left)}; join every process you start (a terminated one "
        "stays a zombie until joined), or shut the pool down and wait for it")


# ------------------------------------------------------------ run_processes

def _names_and_codes(method: str):
    with _started_with(method):
        hub = targets.Hub()
        try:
            hows = ["return", "exit3", "kill"]
            args = [(hub.address, i, how) for i, how in enumerate(hows)]
            with deadline(CALL, "run_processes(named_worker, 3 tuples, 'job')"):
                codes = multiproc.run_processes(targets.named_worker, args, "job")
            with deadline(CALL, "run_processes(named_worker, 1 tuple)"):
                default = multiproc.run_processes(targets.named_worker,
                                                  [(hub.address, 9, "exit5")])
            _no_leftovers(method, "run_processes returned")
            _wait_reports(hub, 4)
            return codes, default, list(hub.reports)
        finally:
            hub.close()


@by_method
@pytest.mark.points(2)
def test_run_processes_names_and_exit_codes(method):
    """run_processes names the processes f"{name_prefix}-{i}" and returns their exit codes in order.

    Hint: multiprocessing.Process(target=target, args=args,
    name=f"{name_prefix}-{i}") for i, args in enumerate(arg_tuples); after
    join, p.exitcode is 0, n for sys.exit(n), -N when signal N killed it.
    The target must be passed as given (a lambda or a closure around it
    cannot be pickled for spawn and forkserver).

    中文: 检查 run_processes 把进程命名为 f"{name_prefix}-{i}", 并按输入顺序返回退出码。

    提示: 对 enumerate(arg_tuples) 中的每一项创建 multiprocessing.Process(target=target,
    args=args, name=f"{name_prefix}-{i}"); join 之后 p.exitcode 为 0, sys.exit(n) 为 n,
    被信号 N 杀死为 -N。target 要原样传入 (lambda 或闭包在 spawn 和 forkserver 下无法 pickle)。
    """
    codes, default, reports = run_sandboxed(
        _names_and_codes, method, timeout=SANDBOX,
        what=f"run_processes under the {method} start method")
    assert codes == [0, 3, -9], (
        f"[{method}] run_processes(target, 3 tuples, 'job') where process 0 "
        f"returns, 1 calls sys.exit(3), 2 is killed by SIGKILL returned {codes!r}; "
        "expected [0, 3, -9]: the exitcode of each process, in input order")
    assert default == [5], (
        f"[{method}] run_processes(target, 1 tuple) where the process calls "
        f"sys.exit(5) returned {default!r}; expected [5]")
    names = {r["index"]: r["name"] for r in reports}
    expected = {0: "job-0", 1: "job-1", 2: "job-2", 9: "worker-0"}
    assert names == expected, (
        f"[{method}] the processes reported the names {names!r} (args index: "
        f"name); expected {expected!r}: name=f\"{{name_prefix}}-{{i}}\" with i "
        "from 0 in input order, default prefix 'worker'")


def _all_started(method: str):
    with _started_with(method):
        hub = targets.Hub(n=3, patience=PATIENCE)
        try:
            args = [(hub.address, i) for i in range(3)]
            with deadline(CALL, "run_processes(meet, 3 tuples)"):
                codes = multiproc.run_processes(targets.meet, args)
            _no_leftovers(method, "run_processes returned")
            return codes, hub.together, hub.most_waiting
        finally:
            hub.close()


@by_method
@pytest.mark.points(2)
def test_run_processes_starts_all_before_joining(method):
    """run_processes starts every process before joining any: they run at the same time.

    Hint: two loops: first p.start() for every process, then p.join() for
    every process. start-then-join in one loop runs them one after another
    (the workers here wait for each other, so that never completes).

    中文: 检查 run_processes 先启动全部进程再逐个 join: 它们同时运行。

    提示: 写两个循环: 先对每个进程 p.start(), 再对每个进程 p.join()。在同一个循环里
    start 之后马上 join, 进程就一个接一个地串行执行 (这里的子进程互相等待, 永远凑不齐)。
    """
    codes, together, most = run_sandboxed(
        _all_started, method, timeout=SANDBOX,
        what=f"run_processes under the {method} start method")
    assert together, (
        f"[{method}] run_processes(target, 3 tuples) where each process waits "
        f"until all 3 are running: at most {most} ran at the same time (the "
        f"wait was abandoned {PATIENCE:g} s after the last arrival); start "
        "them all, then join them all")
    assert codes == [0, 0, 0], f"[{method}] run_processes returned {codes!r}, expected [0, 0, 0]"


# ------------------------------------------------------------ parallel_map

def _map_facts(method: str):
    with _started_with(method):
        hub = targets.Hub(n=3, patience=PATIENCE, release="descending")
        try:
            jobs = [(hub.address, key) for key in (1, 2, 3)]
            with deadline(CALL, "parallel_map(square_in_turn, 3 items, workers=3)"):
                ordered = multiproc.parallel_map(targets.square_in_turn, jobs, workers=3)
            _no_leftovers(method, "parallel_map returned")
            together, most, delivered = hub.together, hub.most_waiting, list(hub.delivered)
        finally:
            hub.close()
        with deadline(CALL, "parallel_map(square, range(10), workers=2)"):
            many = multiproc.parallel_map(targets.square, range(10), workers=2)
        with deadline(CALL, "parallel_map(square, [], workers=2)"):
            empty = multiproc.parallel_map(targets.square, [], workers=2)
        _no_leftovers(method, "parallel_map returned")
        return ordered, together, most, delivered, many, empty


@by_method
@pytest.mark.points(2)
def test_parallel_map_input_order_and_parallelism(method):
    """parallel_map computes items in `workers` processes at once and returns results in input order.

    Hint: results must line up with items even when later items finish
    first: ProcessPoolExecutor.map or Pool.map keep input order;
    as_completed and imap_unordered do not. All `workers` processes must
    work at the same time.

    中文: 检查 parallel_map 用 workers 个进程同时计算, 并按输入顺序返回结果。

    提示: 即使后面的项先算完, 结果也要和输入一一对应: ProcessPoolExecutor.map 或 Pool.map
    保持输入顺序; as_completed 和 imap_unordered 不保持。workers 个进程要同时工作。
    """
    ordered, together, most, delivered, many, empty = run_sandboxed(
        _map_facts, method, timeout=SANDBOX,
        what=f"parallel_map under the {method} start method")
    assert together, (
        f"[{method}] parallel_map(fn, 3 items, workers=3) where each item waits "
        f"until all 3 are being computed: at most {most} were computed at the "
        f"same time (the wait was abandoned {PATIENCE:g} s after the last "
        "arrival); use `workers` processes at once")
    assert ordered == [1, 4, 9], (
        f"[{method}] parallel_map(square, [1, 2, 3], workers=3), with the items "
        f"finishing in the order {delivered}, returned {ordered!r}; expected "
        "[1, 4, 9]: results in input order, not in the order they finish")
    assert many == [x * x for x in range(10)], (
        f"[{method}] parallel_map(square, range(10), workers=2) returned {many!r}")
    assert empty == [], f"[{method}] parallel_map(square, [], workers=2) returned {empty!r}"


def _bad_workers():
    found = []
    for workers in (0, -1):
        with deadline(CALL, f"parallel_map(square, [1, 2], workers={workers})"):
            found.append((workers, _outcome(multiproc.parallel_map, targets.square,
                                            [1, 2], workers=workers)))
    _no_leftovers("default", "parallel_map raised")
    return [(w, kind, type(v).__name__, str(v), isinstance(v, ValueError))
            for w, (kind, v) in found]


def test_parallel_map_rejects_workers_below_1():
    """parallel_map raises ValueError naming the value for workers 0 and -1.

    Hint: check `workers < 1` first and raise ValueError(f"... {workers!r}")
    before starting any process.

    中文: 检查 workers 为 0 或 -1 时 parallel_map 抛出 ValueError, 消息里写出这个值。

    提示: 先检查 workers < 1, 在启动任何进程之前抛出 ValueError(f"... {workers!r}")。
    """
    for workers, kind, name, text, is_value_error in run_sandboxed(
            _bad_workers, timeout=SANDBOX, what="parallel_map with workers < 1"):
        call = f"parallel_map(square, [1, 2], workers={workers})"
        assert kind == "raised" and is_value_error, (
            f"{call} {'returned ' + text if kind == 'returned' else 'raised ' + name + ': ' + text}; "
            "expected ValueError")
        assert repr(workers) in text, (
            f"{call} raised ValueError({text!r}); the message should name the "
            f"bad value {workers!r}")


def _map_exception(method: str):
    with _started_with(method):
        with deadline(CALL, "parallel_map(boom_on_three, [1, 2, 3, 4], workers=2)"):
            outcome = _outcome(multiproc.parallel_map, targets.boom_on_three,
                               [1, 2, 3, 4], workers=2)
        _no_leftovers(method, "parallel_map raised")
        kind, value = outcome
        return (_describe(outcome), kind == "raised" and type(value) is targets.Boom,
                "item 3" in str(value))


@by_method
def test_parallel_map_raises_fns_exception(method):
    """parallel_map raises fn's own exception (same type) in the caller.

    Hint: ProcessPoolExecutor.map and Pool.map re-raise the worker's
    exception in the caller; do not catch it and raise something else, and
    do not return it as a result.

    中文: 检查 fn 抛出的异常以相同类型在调用者中重新抛出。

    提示: ProcessPoolExecutor.map 和 Pool.map 会在调用者中重新抛出子进程里的异常;
    不要捕获后换成别的异常, 也不要把它当作结果返回。
    """
    described, same_type, same_text = run_sandboxed(
        _map_exception, method, timeout=SANDBOX,
        what=f"parallel_map under the {method} start method")
    assert same_type and same_text, (
        f"[{method}] parallel_map(fn, [1, 2, 3, 4], workers=2) where fn(3) raises "
        f"multiproc_targets.Boom('item 3 failed on purpose') {described}; "
        "expected that same exception, raised in the caller")


def _map_dead_worker(method: str):
    found = []
    with _started_with(method):
        for fn, how in ((targets.exit_on_two, "calls os._exit(3)"),
                        (targets.killed_on_two, "is killed by SIGKILL")):
            with deadline(DYING, f"parallel_map(fn, [1, 2, 3], workers=2) where the "
                          f"worker computing item 2 {how}",
                          "a dead worker never sends its result: waiting for it "
                          "without a bound hangs (multiprocessing.Pool does; "
                          "ProcessPoolExecutor raises BrokenProcessPool)"):
                outcome = _outcome(multiproc.parallel_map, fn, [1, 2, 3], workers=2)
            _no_leftovers(method, f"parallel_map raised (a worker {how})")
            kind, value = outcome
            found.append((how, _describe(outcome),
                          kind == "raised" and isinstance(value, RuntimeError)))
    return found


@by_method
@pytest.mark.points(2)
def test_parallel_map_dead_worker_raises(method):
    """parallel_map raises RuntimeError (or a subclass) when a worker dies without its result.

    Hint: a worker killed by a signal or by os._exit sends nothing. Use
    ProcessPoolExecutor (it raises BrokenProcessPool, a RuntimeError), or
    wait for results with a timeout while checking that the workers still
    live. multiprocessing.Pool waits forever.

    中文: 检查有子进程没交回结果就死掉时, parallel_map 抛出 RuntimeError (或其子类)。

    提示: 被信号杀死或调用 os._exit 的子进程什么也不会发回。使用 ProcessPoolExecutor
    (它抛出 BrokenProcessPool, 是 RuntimeError 的子类), 或者带超时地等待结果并检查
    子进程是否还活着。multiprocessing.Pool 会一直等下去。
    """
    for how, described, ok in run_sandboxed(
            _map_dead_worker, method, timeout=SANDBOX,
            what=f"parallel_map under the {method} start method"):
        assert ok, (
            f"[{method}] parallel_map(fn, [1, 2, 3], workers=2) where the worker "
            f"computing item 2 {how} {described}; expected RuntimeError (or a "
            "subclass such as BrokenProcessPool)")


# ------------------------------------------------------------ run_with_timeout

def _timeout_results(method: str):
    with _started_with(method):
        with deadline(CALL, "run_with_timeout(divide, (7, 2), timeout=20)"):
            result = _outcome(multiproc.run_with_timeout, targets.divide, (7, 2), timeout=CALL)
        _no_leftovers(method, "run_with_timeout returned")
        with deadline(CALL, "run_with_timeout(raise_boom, ('bad input',), timeout=20)"):
            error = _outcome(multiproc.run_with_timeout, targets.raise_boom,
                             ("bad input",), timeout=CALL)
        _no_leftovers(method, "run_with_timeout raised")
        return (_describe(result), result == ("returned", 3.5), _describe(error),
                error[0] == "raised" and type(error[1]) is targets.Boom
                and str(error[1]) == "bad input")


@by_method
def test_run_with_timeout_result_and_exception(method):
    """run_with_timeout returns fn's result, and raises fn's exception (same type) in the caller.

    Hint: in the child, send ("ok", result) or ("error", exception) back
    through a Pipe or Queue; in the parent, return the one or raise the
    other. The child's target must be a module-level function.

    中文: 检查 run_with_timeout 返回 fn 的结果, fn 抛出的异常以相同类型在调用者中抛出。

    提示: 子进程通过 Pipe 或 Queue 发回 ("ok", 结果) 或 ("error", 异常); 父进程收到后
    返回结果或抛出异常。子进程的 target 必须是模块级函数。
    """
    result, result_ok, error, error_ok = run_sandboxed(
        _timeout_results, method, timeout=SANDBOX,
        what=f"run_with_timeout under the {method} start method")
    assert result_ok, (
        f"[{method}] run_with_timeout(divide, (7, 2), timeout=20) {result}; expected 3.5")
    assert error_ok, (
        f"[{method}] run_with_timeout(fn, ('bad input',), timeout=20) where fn "
        f"raises multiproc_targets.Boom('bad input') {error}; expected that "
        "exception, raised in the caller")


def _timeout_dead(method: str):
    found = []
    with _started_with(method):
        for fn, args, how in ((targets.exit_now, (3,), "calls os._exit(3)"),
                              (targets.kill_self, (), "is killed by SIGKILL")):
            with deadline(CALL, f"run_with_timeout(fn, timeout=15) where the child {how}"):
                outcome = _outcome(multiproc.run_with_timeout, fn, args, timeout=15.0)
            _no_leftovers(method, f"run_with_timeout raised (the child {how})")
            kind, value = outcome
            found.append((how, _describe(outcome),
                          kind == "raised" and isinstance(value, RuntimeError)))
    return found


@by_method
def test_run_with_timeout_dead_child_raises(method):
    """run_with_timeout raises RuntimeError when the child dies without a result.

    Hint: a child that ends by os._exit or a signal sends nothing: the
    parent's end of the Pipe reads EOF (EOFError), or the Queue stays empty
    while the process is no longer alive. Turn that into RuntimeError.

    中文: 检查子进程没有交回结果就死掉时 run_with_timeout 抛出 RuntimeError。

    提示: 以 os._exit 或信号结束的子进程什么也不发: 父进程这端的 Pipe 读到 EOF (EOFError),
    或者 Queue 一直为空而进程已经不在了。把这种情况变成 RuntimeError。
    """
    for how, described, ok in run_sandboxed(
            _timeout_dead, method, timeout=SANDBOX,
            what=f"run_with_timeout under the {method} start method"):
        assert ok, (
            f"[{method}] run_with_timeout(fn, timeout=15) where the child {how} "
            f"{described}; expected RuntimeError: the child died without a result")


def _timeouts(method: str):
    found = []
    with _started_with(method):
        cases = [(targets.sleep_forever, 0.3, "sleeps forever")]
        if method == "fork":    # a spawned child takes a while to start ignoring SIGTERM
            cases.append((targets.ignore_term_and_sleep, 0.5,
                          "ignores SIGTERM and sleeps forever"))
        for fn, timeout, how in cases:
            start = time.perf_counter()
            with deadline(DYING, f"run_with_timeout(fn, timeout={timeout}) where "
                          f"fn {how}", "the wait must end after `timeout`, and "
                          "a child that ignores SIGTERM needs SIGKILL (kill())"):
                outcome = _outcome(multiproc.run_with_timeout, fn, (), timeout=timeout)
            elapsed = time.perf_counter() - start
            left = _leftovers()
            kind, value = outcome
            found.append((how, timeout, _describe(outcome), elapsed, left,
                          kind == "raised" and isinstance(value, TimeoutError)))
    return found


@by_method
@pytest.mark.points(2)
def test_run_with_timeout_times_out(method):
    """run_with_timeout raises the built-in TimeoutError after `timeout` and leaves no child behind.

    Hint: wait with a bound (conn.poll(timeout), queue.get(timeout=...),
    join(timeout)); then terminate(), join with a grace period, kill() if
    it is still alive, join again; raise the built-in TimeoutError (not
    multiprocessing.TimeoutError, which is another class).

    中文: 检查超时后 run_with_timeout 抛出内置的 TimeoutError, 并且不留下任何子进程。

    提示: 带超时地等待 (conn.poll(timeout)、queue.get(timeout=...)、join(timeout));
    然后 terminate(), 再 join 一段宽限时间, 子进程还活着就 kill(), 再 join;
    抛出内置的 TimeoutError (不是 multiprocessing.TimeoutError, 那是另一个类)。
    """
    for how, timeout, described, elapsed, left, is_timeout in run_sandboxed(
            _timeouts, method, timeout=SANDBOX,
            what=f"run_with_timeout under the {method} start method"):
        call = f"[{method}] run_with_timeout(fn, timeout={timeout}) where fn {how}"
        assert is_timeout, (
            f"{call} {described} after {elapsed:.2f} s; expected the built-in "
            "TimeoutError (multiprocessing.TimeoutError is not a subclass of it)")
        assert not left, (
            f"{call}: after it raised, processes are left below the caller: "
            f"{', '.join(left)}; terminate the child, kill it if it is still "
            "alive, and join it (a terminated child stays a zombie until joined)")
        assert elapsed >= timeout - 0.05, (
            f"{call} raised after {elapsed:.3f} s, before the timeout: the "
            "timeout is in seconds")
        if how == "sleeps forever":     # SIGTERM ends it at once
            assert elapsed <= timeout + 3.0, (
                f"{call} raised only after {elapsed:.2f} s: give up after the "
                "timeout, terminate the child at once")
