"""The sandbox: run_sandboxed() and serve() kill and reap everything they start.

These run in-process: the code under test runs in forked sandbox children.
Every process a test starts writes its pid to a PidLog pipe; reading that
pipe to EOF proves every one of them has exited, and then none may exist any
more, not even as a zombie.
"""
import errno
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import time

import psutil
import pytest

from harness import (Limits, SandboxCrash, SandboxTimeout, ServerDied,
                     StrayProcess, cgroup, run_sandboxed, sandbox, serve)

PID = struct.Struct("i")


class PidLog:
    """A pipe every process of one test writes its pid into."""

    def __init__(self):
        self.r, self.w = os.pipe()

    def pids(self, timeout: float = 5.0) -> list[int]:
        """The pids written, once every writer is gone (EOF); bounded."""
        os.close(self.w)
        data, end = b"", time.monotonic() + timeout
        try:
            while True:
                left = end - time.monotonic()
                ready, _, _ = select.select([self.r], [], [], max(left, 0))
                assert ready, f"a process still holds the pid pipe after {timeout} s"
                chunk = os.read(self.r, 65536)
                if not chunk:
                    break
                data += chunk
        finally:
            os.close(self.r)
        return [p for (p,) in PID.iter_unpack(data)]


@pytest.fixture
def pidlog():
    return PidLog()


@pytest.fixture
def nothing_left():
    """After the test, the test process has no child it did not have before."""
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    yield
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    assert not left, f"processes left behind: {left}"


def _assert_gone(pids):
    assert pids, "no process reported its pid"
    alive = [p for p in pids if psutil.pid_exists(p)]
    assert not alive, f"still exist (maybe as zombies): {alive}"


# ---- functions run in the sandbox (module level, as the API requires) ----

def _report(w):
    os.write(w, PID.pack(os.getpid()))


def _block():
    """Wait "forever" (60 s, then leave without returning into the harness)."""
    select.select([], [], [], 60)
    os._exit(0)


def _add(a, b, *, c=0):
    return a + b + c


class CustomError(Exception):
    pass


class UnpicklableError(Exception):
    def __init__(self, a, b):          # unpickling calls CustomError(msg): fails
        super().__init__(f"{a} and {b}")


def _raise(exc):
    raise exc


def _raise_unpicklable():
    raise UnpicklableError("one", "two")


def _return_unpicklable():
    return lambda: None


def _hang(w):
    _report(w)
    _block()


def _family(w, setsid):
    """A child (in its own session if `setsid`) and a grandchild; all block."""
    ready_r, ready_w = os.pipe()
    _report(w)
    if os.fork() == 0:
        if setsid:
            os.setsid()
        _report(w)
        if os.fork() == 0:
            _report(w)
            os.write(ready_w, b"g")
            _block()
        os.write(ready_w, b"c")
        _block()
    got = b""
    while len(got) < 2:                      # both are running: now hang
        got += os.read(ready_r, 2)
    _block()


def _daemon_then_return(w):
    """Leave a double-forked, setsid'd process running and return normally."""
    ready_r, ready_w = os.pipe()
    child = os.fork()
    if child == 0:
        os.setsid()
        if os.fork() == 0:
            _report(w)
            os.write(ready_w, b"d")
            _block()
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(ready_r, 1) == b"d"
    return "returned"


def _fork_bomb(w):
    while True:
        try:
            if os.fork() == 0:
                _report(w)
        except OSError:
            pass


def _stray():
    """Fork; the child returns too (the parent waits until it has)."""
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)
        return "parent"
    return "child"


def _kill_self(sig):
    os.kill(os.getpid(), sig)
    _block()


def _exit_now(code):
    os._exit(code)


# ---- run_sandboxed ----

def test_result_is_returned(nothing_left):
    """run_sandboxed returns fn's result, with args and kwargs passed through."""
    assert run_sandboxed(_add, 2, 3, c=4) == 9


def test_runs_in_another_process():
    """The call runs in a child process, not in the test process."""
    assert run_sandboxed(os.getpid) != os.getpid()


@pytest.mark.parametrize("exc", [KeyError("missing"), CustomError("custom"),
                                 ConnectionResetError(errno.ECONNRESET, "reset")])
def test_exception_is_reraised_with_its_type(exc, nothing_left):
    """An exception raised by fn is re-raised in the test: same type and args."""
    with pytest.raises(type(exc)) as info:
        run_sandboxed(_raise, exc)
    assert info.value.args == exc.args
    assert any("raised in the sandbox child" in note
               for note in getattr(info.value, "__notes__", []))


def test_unpicklable_exception_becomes_sandbox_crash():
    """An exception that cannot cross the pipe still arrives, named, as SandboxCrash."""
    with pytest.raises(SandboxCrash, match=r"raised UnpicklableError: one and two"):
        run_sandboxed(_raise_unpicklable)


def test_unpicklable_result_becomes_sandbox_crash():
    """A result that cannot be pickled fails with a message saying so."""
    with pytest.raises(SandboxCrash, match="could not be sent back"):
        run_sandboxed(_return_unpicklable)


def test_timeout_kills_a_hang(pidlog, nothing_left):
    """A hang raises SandboxTimeout naming `what`, on time, and the process is gone."""
    started = time.monotonic()
    with pytest.raises(SandboxTimeout) as info:
        run_sandboxed(_hang, pidlog.w, timeout=0.5, what="hang(forever)")
    assert time.monotonic() - started < 0.5 + 3
    assert "hang(forever) did not finish within 0.5 s" in str(info.value)
    _assert_gone(pidlog.pids())


@pytest.mark.parametrize("setsid", [False, True], ids=["same-session", "setsid"])
def test_timeout_kills_children_and_grandchildren(pidlog, nothing_left, setsid):
    """On timeout a child (even after setsid) and a grandchild are listed and killed."""
    with pytest.raises(SandboxTimeout) as info:
        run_sandboxed(_family, pidlog.w, setsid, timeout=1.0)
    pids = pidlog.pids()
    assert len(pids) == 3, pids
    for pid in pids:
        assert f"pid {pid} " in str(info.value), (pid, str(info.value))
    _assert_gone(pids)


def test_processes_left_by_a_returning_call_are_killed(pidlog, nothing_left):
    """A setsid'd, double-forked daemon left by fn does not survive the call."""
    assert run_sandboxed(_daemon_then_return, pidlog.w, timeout=5.0) == "returned"
    _assert_gone(pidlog.pids())


def test_fork_bomb_is_contained(pidlog, nothing_left):
    """A fork bomb hits the process limit, is killed within seconds, and leaves nothing."""
    if os.geteuid() == 0:
        probe = cgroup.create(8)
        if probe is None:
            pytest.skip("root without a pids cgroup: a fork bomb would not be contained")
        cgroup.remove(probe)
    limits = Limits(processes=32)     # the default (256) works too, but hogs the CPU
    started = time.monotonic()
    with pytest.raises(SandboxTimeout):
        run_sandboxed(_fork_bomb, pidlog.w, timeout=0.5, limits=limits)
    assert time.monotonic() - started < 0.5 + 5
    pids = pidlog.pids()
    assert limits.processes // 2 < len(pids) <= limits.processes, len(pids)  # it hit the cap
    _assert_gone(pids)


def test_stray_process_is_detected(nothing_left):
    """A forked child that returns into the harness raises StrayProcess."""
    with pytest.raises(StrayProcess, match=r"returned into the harness"):
        run_sandboxed(_stray, timeout=5.0)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_death_by_signal_is_a_crash_naming_it(sig, nothing_left):
    """A sandbox child killed by a signal raises SandboxCrash naming the signal."""
    with pytest.raises(SandboxCrash, match=rf"killed by signal {sig.name}"):
        run_sandboxed(_kill_self, sig, timeout=5.0)


def _replace_os_exit():
    os._exit = lambda code=0: None
    return "replaced"


def test_code_replacing_os_exit_cannot_keep_the_worker_alive(nothing_left):
    """A worker whose code replaced os._exit still ends (the harness keeps its own)."""
    assert run_sandboxed(_replace_os_exit, timeout=5) == "replaced"


def test_os_exit_is_a_crash_naming_the_status(nothing_left):
    """os._exit(3) in the sandbox raises SandboxCrash with 'exit status 3'."""
    with pytest.raises(SandboxCrash, match=r"_exit_now\(\) ended without returning "
                                           r"or raising \(exit status 3\)"):
        run_sandboxed(_exit_now, 3, timeout=5.0)


# ---- serve ----

def _serve_stub(listener):
    raise NotImplementedError


def _serve_returns(listener):
    return None


def _serve_once(listener):
    conn, _ = listener.accept()
    conn.close()
    raise RuntimeError("gone after one client")


def _serve_greeting(listener):
    """Per client: send our pid, wait for the client's EOF, close."""
    while True:
        conn, _ = listener.accept()
        conn.sendall(b"%d\n" % os.getpid())
        conn.recv(1)
        conn.close()


def _serve_forking(listener, w):
    """Per client: fork a setsid'd child that holds it open, send its pid."""
    while True:
        conn, _ = listener.accept()
        child = os.fork()
        if child == 0:
            os.setsid()
            listener.close()
            _report(w)
            conn.sendall(b"%d\n" % os.getpid())
            _block()
        conn.close()


def _line(sock) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(64)
        assert chunk, f"EOF after {data!r}"
        data += chunk
    return data


def test_serve_stub_raises_not_implemented_at_entry(nothing_left):
    """A server that raises NotImplementedError at once raises it from serve()'s entry."""
    entered = False
    with pytest.raises(NotImplementedError):
        with serve(_serve_stub):
            entered = True
    assert not entered


def test_serve_server_that_returns_at_once(nothing_left):
    """A server that returns at once raises ServerDied at entry."""
    with pytest.raises(ServerDied, match="returned at once"):
        with serve(_serve_returns):
            pass


def test_serve_server_that_dies_later(nothing_left):
    """A server that dies during the block raises ServerDied on exit, with its error."""
    with pytest.raises(ServerDied, match=r"RuntimeError: gone after one client") as info:
        with serve(_serve_once) as server:
            with server.connect() as client:
                assert client.recv(1) == b""
            server.process.wait(timeout=5)      # dead, and reaped by the sandbox
            deadline = time.monotonic() + 5     # ... which has reported it (see below)
            while not server._box.done and time.monotonic() < deadline:
                server._box.pump(0.05)
    assert isinstance(info.value.__cause__, RuntimeError)


def test_serve_server_dead_before_the_block_ends(monkeypatch, nothing_left):
    """A server that is dead (and reaped) when the block ends raises ServerDied on exit."""
    original = sandbox._kill_descendants

    def late_report(worker):   # in the supervisor: report only when told to end
        def end(signum, frame):
            raise InterruptedError
        signal.signal(signal.SIGTERM, end)
        try:
            select.select([], [], [], 5)
        except InterruptedError:
            pass
        return original(worker)

    monkeypatch.setattr(sandbox, "_kill_descendants", late_report)
    with pytest.raises(ServerDied, match=r"RuntimeError: gone after one client"):
        with serve(_serve_once) as server:
            with server.connect() as client:
                assert client.recv(1) == b""
            server.process.wait(timeout=5)      # dead, and reaped by the supervisor


def test_serve_exposes_an_inspectable_server_process(nothing_left):
    """server.pid is the serving process: psutil sees its fds, children and CPU time."""
    with serve(_serve_greeting) as server:
        assert server.process.pid == server.pid != os.getpid()
        supervisor = psutil.Process(server.process.ppid())
        assert supervisor.ppid() == os.getpid()
        base = server.num_fds()
        with server.connect() as client:
            assert int(_line(client)) == server.pid
            assert server.num_fds() == base + 1            # it holds our connection
            assert server.children() == []
            assert server.process.cpu_times().user >= 0
            client.shutdown(socket.SHUT_WR)
            assert client.recv(1) == b""
        assert server.wait_fds(base) == base
        server.check_alive()
    assert not psutil.pid_exists(server.pid)
    assert not psutil.pid_exists(supervisor.pid)


def test_serve_unix_socket(nothing_left):
    """kind='unix' serves on a short socket path, removed afterwards."""
    with serve(_serve_greeting, kind="unix") as server:
        path = server.address
        assert isinstance(path, str) and len(path) < 108 and os.path.exists(path)
        with server.connect() as client:
            assert int(_line(client)) == server.pid
    assert not os.path.exists(path)
    assert not os.path.exists(os.path.dirname(path))


def test_nothing_remains_after_serve(pidlog, nothing_left):
    """After `with serve(...)`, the server and the setsid'd children it forked are gone."""
    with serve(_serve_forking, pidlog.w) as server:
        for _ in range(3):
            with server.connect() as client:
                _line(client)
        children = {p.pid for p in server.children()}
    pids = pidlog.pids()
    assert len(pids) == 3 and set(pids) == children
    _assert_gone(pids + [server.pid])


def test_stale_cgroups_of_dead_runs_are_removed():
    """A run killed before it removed its pids cgroup: the next run's harness
    removes that group (named after a pid no longer running), never one whose
    owner runs or that holds a process."""
    base = cgroup._find_base()
    if base is None:
        pytest.skip("no writable pids cgroup hierarchy here")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    stale = os.path.join(base, f"{gone.pid}-0")
    mine = cgroup.create(8)
    try:
        os.mkdir(stale)
        cgroup._remove_stale(base)
        assert not os.path.exists(stale), "the dead run's group was left"
        assert os.path.isdir(mine), "a live run's group was removed"
    finally:
        cgroup.remove(stale)
        cgroup.remove(mine)
