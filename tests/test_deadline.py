"""deadline(): interrupts a blocking call with a teaching message; nests with outer timers.

In-process (SIGALRM in the main thread). Each test saves the SIGALRM handler
and timer it found (pytest-timeout's) and restores them.
"""
import os
import select
import signal
import socket
import time

import pytest

from harness import DeadlineExceeded, deadline


class OuterAlarm(Exception):
    pass


@pytest.fixture
def alarm():
    """Save and restore the SIGALRM handler and timer around a test."""
    handler = signal.getsignal(signal.SIGALRM)
    delay, interval = signal.setitimer(signal.ITIMER_REAL, 0)
    started = time.monotonic()
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, handler)
    if delay:
        left = delay - (time.monotonic() - started)
        signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), interval)


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    a.settimeout(5.0)        # a bound, should the deadline not fire
    with a, b:
        yield a, b


def test_blocking_recv_raises_with_the_message(alarm, pair):
    """A recv that blocks raises DeadlineExceeded "{what} blocked for {s} s: {hint}", on time."""
    a, _ = pair
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded) as info:
        with deadline(0.2, "recv_nowait(sock)", "a non-blocking call must return at once"):
            a.recv(1)
    elapsed = time.monotonic() - started
    assert str(info.value) == ("recv_nowait(sock) blocked for 0.2 s: a non-blocking "
                               "call must return at once")
    assert isinstance(info.value, AssertionError)
    assert 0.19 <= elapsed < 2.0
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_message_without_hint(alarm, pair):
    """Without a hint the message is just "{what} blocked for {s} s"."""
    with pytest.raises(DeadlineExceeded, match=r"^recv\(sock\) blocked for 0\.1 s$"):
        with deadline(0.1, "recv(sock)"):
            pair[0].recv(1)


def test_fast_block_returns_normally(alarm, pair):
    """A block that finishes in time returns its value; no alarm is left armed."""
    a, b = pair
    b.sendall(b"x")
    with deadline(1.0, "recv(sock)"):
        got = a.recv(1)
    assert got == b"x"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is not None


def test_rejects_non_positive_seconds():
    """deadline(0, ...) is a ValueError, not a timer that never fires."""
    with pytest.raises(ValueError):
        with deadline(0, "x"):
            pass


def test_outer_timer_fires_later(alarm, pair):
    """An outer timer due after the block is re-armed and its handler still fires."""
    a, b = pair
    fired = []

    def outer(signum, frame):
        fired.append(time.monotonic())
        raise OuterAlarm()

    signal.signal(signal.SIGALRM, outer)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, 0.4)
    b.sendall(b"x")
    with deadline(2.0, "recv(sock)"):
        assert a.recv(1) == b"x"
    assert signal.getsignal(signal.SIGALRM) is outer
    assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 0.4
    with pytest.raises(OuterAlarm):
        a.recv(1)                           # blocks until the outer timer
    assert fired and 0.35 <= fired[0] - started < 2.0


def test_outer_timer_due_first_keeps_its_turn(alarm, pair):
    """An outer timer due before the deadline fires first, with its own handler."""
    def outer(signum, frame):
        raise OuterAlarm()

    signal.signal(signal.SIGALRM, outer)
    signal.setitimer(signal.ITIMER_REAL, 0.1)
    started = time.monotonic()
    with pytest.raises(OuterAlarm):
        with deadline(3.0, "recv(sock)"):
            pair[0].recv(1)
    assert time.monotonic() - started < 2.0
    assert signal.getsignal(signal.SIGALRM) is outer


def test_nested_deadlines(alarm, pair):
    """The inner deadline fires first; the outer one still fires afterwards."""
    a, _ = pair
    with pytest.raises(DeadlineExceeded, match="outer blocked for 0.5 s"):
        with deadline(0.5, "outer"):
            with pytest.raises(DeadlineExceeded, match="inner blocked for 0.1 s"):
                with deadline(0.1, "inner"):
                    a.recv(1)
            a.recv(1)


def test_deadline_still_fires_after_an_outer_handler_returns(alarm, pair):
    """After an earlier outer alarm whose handler returns, the deadline still fires."""
    calls = []
    signal.signal(signal.SIGALRM, lambda signum, frame: calls.append(signum))
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    pair[0].settimeout(1.0)                 # bounds the recv, should it never fire
    with pytest.raises(DeadlineExceeded):
        with deadline(0.3, "recv(sock)"):
            pair[0].recv(1)
    assert calls == [signal.SIGALRM]


def test_outer_timer_that_fired_is_not_fired_again(alarm):
    """An outer alarm that fired during the block is not re-armed afterwards."""
    calls = []
    signal.signal(signal.SIGALRM, lambda signum, frame: calls.append(signum))
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    r, w = os.pipe()
    try:
        with deadline(2.0, "select"):
            select.select([r], [], [], 0.3)     # outer fires at 0.05; select goes on
        select.select([r], [], [], 0.3)         # room for a second (wrong) alarm
    finally:
        os.close(r)
        os.close(w)
    assert calls == [signal.SIGALRM]
