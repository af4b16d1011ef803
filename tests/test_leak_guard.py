"""The leak guard: a check that leaves fds, processes or threads behind fails, and is cleaned up.

One throw-away run holds all the scenarios, in file order: each leaky check
is followed by a clean one that must pass. The checks write the pids they
fork into files, so the outer tests can look for them among the leftovers.
"""
import re

import pytest

CHECKS = '''
    import os
    import select
    import signal
    import socket
    import threading
    import time
    from pathlib import Path

    import psutil
    from harness import topic

    tcp = topic("tcp")
    KEPT = []


    def _block():
        select.select([], [], [], 30)
        os._exit(0)


    def test_01_leaves_a_socket():
        """Leaves a socket open."""
        KEPT.append(socket.socket())


    def test_02_after_the_socket():
        """The check after the socket leak starts clean."""


    def test_03_leaves_a_child():
        """Leaves a child process running."""
        pid = os.fork()
        if pid == 0:
            _block()
        Path("child.pid").write_text(str(pid))


    def test_04_after_the_child():
        """The check after the child leak starts clean; the child is gone."""
        pid = int(Path("child.pid").read_text())
        assert not psutil.pid_exists(pid)


    def test_05_leaves_a_zombie():
        """Leaves an exited, unreaped child (a zombie)."""
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)   # it has exited
        Path("zombie.pid").write_text(str(pid))


    def test_06_after_the_zombie():
        """The check after the zombie starts clean; the zombie was reaped."""
        assert not psutil.pid_exists(int(Path("zombie.pid").read_text()))


    def test_07_leaves_a_thread():
        """Leaves a thread running."""
        event = threading.Event()
        KEPT.append(event)
        threading.Thread(target=event.wait, args=(30,), name="leaky-thread",
                         daemon=True).start()


    def test_08_after_the_thread():
        """The check after the thread leak starts clean."""


    def test_09_clean():
        """Uses a socket, a child and a thread, and cleans up after each."""
        a, b = socket.socketpair()
        with a, b:
            a.sendall(b"x")
            assert b.recv(1) == b"x"
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        os.waitpid(pid, 0)
        thread = threading.Thread(target=lambda: None)
        thread.start()
        thread.join()


    def test_10_leaves_a_child_with_a_grandchild():
        """Leaves a child that has a child of its own."""
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            grandchild = os.fork()
            if grandchild == 0:
                _block()
            os.write(w, str(grandchild).encode())
            _block()
        os.close(w)
        Path("grandchild.pid").write_text(os.read(r, 64).decode())
        os.close(r)


    def test_11_implementation_keeps_a_socket():
        """The implementation caches a socket in a module global (a leak)."""
        tcp.open_cached()


    def test_12_later_check_is_not_hurt():
        """A later check's own sockets survive the implementation closing its cache."""
        pairs = [socket.socketpair() for _ in range(4)]
        try:
            tcp.close_cached()
            for a, b in pairs:
                a.sendall(b"x")
                assert b.recv(1) == b"x"
        finally:
            for a, b in pairs:
                a.close()
                b.close()
'''

IMPL = '''
    import socket

    _cache = []


    def open_cached():
        _cache.append(socket.socket())


    def close_cached():
        while _cache:
            _cache.pop().close()
'''


@pytest.fixture(scope="module")
def leaky(make_suite):
    suite = make_suite("leaky")
    suite.write("checks/test_tcp.py", CHECKS)
    suite.write("exercises/tcp.py", IMPL)
    run = suite.run()
    run.pids = {name: int((suite.path / f"{name}.pid").read_text())
                for name in ("child", "zombie", "grandchild")}
    return run


def _failed_after_the_check(run, name):
    entry = run.test(name)
    assert entry["status"] == "failed", entry
    assert entry["score"] == 0
    out = entry["output"]
    assert "(after the check)" in out and "the check left things behind" in out, out
    return out


def _left_over_line(line, pid):
    return re.match(rf"pid {pid}\b", line) is not None


def _left_over(run, pid):
    return any(_left_over_line(line, pid) for line in run.leftovers)


def test_socket_leak_fails_naming_the_fd(leaky):
    """A check that leaves a socket open fails naming the file descriptor."""
    out = _failed_after_the_check(leaky, "test_01_leaves_a_socket")
    assert re.search(r"file descriptor \d+ left open \(socket:\[\d+\]\)", out), out


def test_child_leak_fails_naming_it_and_kills_it(leaky):
    """A check that leaves a child running fails naming its pid; the child is killed."""
    out = _failed_after_the_check(leaky, "test_03_leaves_a_child")
    assert f"a child process was left behind: pid {leaky.pids['child']} " in out, out
    assert not _left_over(leaky, leaky.pids["child"]), leaky.leftovers


def test_zombie_fails_and_is_reaped(leaky):
    """A check that leaves a zombie fails naming its pid; the zombie is reaped."""
    out = _failed_after_the_check(leaky, "test_05_leaves_a_zombie")
    assert re.search(rf"a child process was left behind: pid {leaky.pids['zombie']}\b",
                     out), out
    assert not _left_over(leaky, leaky.pids["zombie"])


def test_thread_leak_fails_naming_it(leaky):
    """A check that leaves a thread running fails naming the thread."""
    out = _failed_after_the_check(leaky, "test_07_leaves_a_thread")
    assert "a thread is still running: 'leaky-thread'" in out, out


def test_clean_check_passes(leaky):
    """A check that cleans up its socket, child and thread passes."""
    assert leaky.test("test_09_clean")["status"] == "passed"


@pytest.mark.parametrize("name", ["test_02_after_the_socket", "test_04_after_the_child",
                                  "test_06_after_the_zombie", "test_08_after_the_thread"])
def test_next_check_after_a_leak_passes(leaky, name):
    """The check after a leaky one starts clean and passes."""
    assert leaky.test(name)["status"] == "passed", leaky.test(name)


def test_only_the_known_leftover_remains(leaky):
    """After the run no process remains but the grandchild of the next test."""
    others = [line for line in leaky.leftovers
              if not _left_over_line(line, leaky.pids["grandchild"])]
    assert not others, leaky.leftovers


def test_grandchild_of_a_leaked_child_is_killed(leaky):
    """A leaked child's own child is killed too (left at most as a zombie)."""
    assert "a child process was left behind" in leaky.output(
        "test_10_leaves_a_child_with_a_grandchild")
    # Only a subreaper can reap an orphan, and the pytest process must not be
    # one: the zombie is tolerated, a live process is not.
    running = [line for line in leaky.leftovers
               if _left_over_line(line, leaky.pids["grandchild"]) and "(zombie)" not in line]
    assert not running, leaky.leftovers


def test_cleanup_does_not_hurt_a_later_check(leaky):
    """Closing a leaked socket for the student must not break a later check's sockets."""
    assert "file descriptor" in leaky.output("test_11_implementation_keeps_a_socket")
    assert leaky.test("test_12_later_check_is_not_hurt")["status"] == "passed", \
        leaky.output("test_12_later_check_is_not_hurt")
