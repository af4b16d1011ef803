"""multiprocessing: processes as objects (Process, start, join, pools).

``multiprocessing`` wraps fork (and its alternatives) in objects:

    p = multiprocessing.Process(target=work, args=(1, 2), kwargs={}, name="w-0")
    p.start()        # the child starts running work(1, 2)
    p.join()         # wait for it, and reap it (no zombie)
    p.exitcode       # 0; n after sys.exit(n); 1 after an exception; -N after signal N

Start methods: how the child is made.

- ``fork``: a copy of the parent (os.fork). Fast; the child sees everything
  the parent had, closures and lambdas included. Unsafe in a process that
  runs threads.
- ``spawn``: a fresh interpreter that *imports* the target's module by name
  and receives the target and its arguments by ``pickle``. Only
  module-level functions and picklable arguments work: a lambda or a nested
  function fails. The default on Windows and macOS.
- ``forkserver``: a server process, started once, forks the children; same
  pickling rules as spawn. The default on Linux since Python 3.14.

Write code that works under all three: module-level functions, picklable
arguments and results, and the default context (``multiprocessing.Process``,
``Queue``, ``Pipe``, ``Pool``, ``concurrent.futures.ProcessPoolExecutor``), so
the caller chooses the method with ``multiprocessing.set_start_method``.

Always reap: ``join`` every process you start (a terminated process is a
zombie until it is joined), and never wait without a bound for a result a
dead worker can no longer send: ``ProcessPoolExecutor`` notices a dead worker
and raises ``BrokenProcessPool``; ``multiprocessing.Pool`` waits forever.

中文概述: 本节讲 multiprocessing 模块: Process(target=函数, name=进程名, args=位置参数元组,
kwargs=关键字参数字典) 创建进程对象, start() 启动子进程运行 target, join() 等待并回收子进程
(不 join 就可能留下僵尸进程), exitcode 是退出码 (被信号杀死时为负数)。要让多个子进程并行,
必须先全部 start, 再逐个 join; 在 start 的循环里 join 就变成了一个接一个地串行执行。
三种启动方式: fork 复制父进程 (讲义说的 "复制父进程的全部内存空间" 只对 fork 成立); spawn
和 forkserver 启动新的解释器, 按模块名导入 target, 用 pickle 传递参数和结果, 所以 target
必须是模块级函数, lambda 和闭包只在 fork 下可用。进程池 (Pool、ProcessPoolExecutor) 按输入
顺序返回结果; 子进程意外死掉时, 不能无限期地等待它的结果 (Queue.get 要有超时, 或者用
ProcessPoolExecutor, 它会抛出 BrokenProcessPool)。超时要先 terminate 再 join, 必要时 kill,
保证不留下存活的子进程或僵尸进程。
"""
# Strategy: run_processes is the start-all-then-join-all pattern on plain
# Process objects; parallel_map delegates to ProcessPoolExecutor, which keeps
# input order, re-raises fn's exception and turns a dead worker into
# BrokenProcessPool; run_with_timeout is one Process and a one-way Pipe, whose
# poll() bounds the wait and also wakes up when the child dies (EOF).
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

_GRACE = 0.5  # seconds a terminated (SIGTERM) child gets before SIGKILL


def run_processes(target, arg_tuples, name_prefix: str = "worker") -> list[int]:
    """Run ``target(*args)`` in one process per args tuple, all at once.

    Creates one ``multiprocessing.Process`` per tuple in ``arg_tuples``, named
    ``f"{name_prefix}-{i}"`` with ``i`` counting from 0 in input order, starts
    every one of them, and only then joins them all (joining inside the start
    loop would run them one after another).

    Args:
        target: a module-level function (so that it works under every start
            method).
        arg_tuples: an iterable of argument tuples, one per process.
        name_prefix: the start of every process's name.

    Returns:
        The processes' exit codes (``Process.exitcode``), in input order: 0
        for a normal return, n for ``sys.exit(n)``, 1 for an uncaught
        exception, ``-N`` for a process killed by signal N.
    """
    procs = [multiprocessing.Process(target=target, args=tuple(args),
                                     name=f"{name_prefix}-{i}")
             for i, args in enumerate(arg_tuples)]
    started = []
    try:
        for proc in procs:          # all started ...
            proc.start()
            started.append(proc)
    finally:
        for proc in started:        # ... before any is joined (and all are reaped)
            proc.join()
    return [proc.exitcode for proc in procs]


def parallel_map(fn, items, workers: int = 2) -> list:
    """Compute ``[fn(x) for x in items]`` in ``workers`` processes, in input order.

    Up to ``workers`` items are computed at the same time, each in a worker
    process; the results come back in the order of ``items``, whatever order
    they finish in.

    Args:
        fn: a module-level function of one argument; its results must be
            picklable.
        items: an iterable of picklable arguments (may be empty).
        workers: how many worker processes, at least 1.

    Returns:
        The list of results, in input order.

    Raises:
        ValueError: ``workers < 1`` (the message names the value).
        The exception ``fn`` raised, of the same type when it can be pickled
            (when several items fail, one of their exceptions).
        RuntimeError (or a subclass, such as
            ``concurrent.futures.process.BrokenProcessPool``): a worker died
            without delivering its result (``os._exit``, a signal): never a hang.
        In every case no worker process is left alive (or a zombie) when it
        returns or raises.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    items = list(items)
    if not items:
        return []
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        results = list(pool.map(fn, items))   # input order, not finishing order
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # drop queued items, join
        raise
    pool.shutdown(wait=True)                  # join every worker: no zombies
    return results


def _call_and_send(conn, fn, args) -> None:
    """In the child of run_with_timeout: send ("ok", result) or ("error", exc)."""
    try:
        message = ("ok", fn(*args))
    except Exception as exc:        # noqa: BLE001 - the caller re-raises it
        message = ("error", exc)
    try:
        conn.send(message)
    except Exception as exc:        # noqa: BLE001 - e.g. an unpicklable result
        conn.send(("error", RuntimeError(f"the result of {fn!r} could not be "
                                         f"sent back: {exc!r}")))
    conn.close()


def _stop(proc) -> None:
    """End the process if it still runs (SIGTERM, then SIGKILL) and join it."""
    if proc.is_alive():
        proc.terminate()
        proc.join(_GRACE)
        if proc.is_alive():
            proc.kill()
    proc.join()                     # reap it: no zombie


def run_with_timeout(fn, args=(), timeout: float = 1.0):
    """Run ``fn(*args)`` in a child process; give up after ``timeout`` seconds.

    The child sends its result (or its exception) back through a
    ``multiprocessing.Pipe``; the parent waits for it at most ``timeout``
    seconds (counted from the start of the call). On timeout the child is
    terminated (SIGTERM; SIGKILL if it is still alive after a short grace
    period) and joined. In every case the child is joined before this
    function returns or raises: no live child, no zombie.

    Args:
        fn: a module-level function.
        args: a tuple of picklable arguments.
        timeout: seconds to wait for the result.

    Returns:
        What ``fn(*args)`` returned.

    Raises:
        The exception ``fn`` raised (re-raised in the caller, same type).
        RuntimeError: the child died without a result (``os._exit``, a signal).
        TimeoutError: the built-in one (not ``multiprocessing.TimeoutError``),
            when no result came within ``timeout`` seconds.
    """
    receiver, sender = multiprocessing.Pipe(duplex=False)
    proc = multiprocessing.Process(target=_call_and_send, args=(sender, fn, tuple(args)))
    try:
        proc.start()
        sender.close()              # only the child writes now: its exit means EOF
        if not receiver.poll(timeout):      # neither a result nor EOF in time
            raise TimeoutError(f"{getattr(fn, '__name__', fn)} did not finish "
                               f"within {timeout} s")
        try:
            kind, value = receiver.recv()
        except EOFError:
            proc.join()
            raise RuntimeError(f"the child running {getattr(fn, '__name__', fn)} "
                               f"died without a result (exit code "
                               f"{proc.exitcode})") from None
    finally:
        if proc.pid is not None:
            _stop(proc)
        receiver.close()
        sender.close()
    if kind == "error":
        raise value
    return value
