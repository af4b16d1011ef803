"""`deadline(seconds, what, hint)`: interrupt a call that blocks too long.

Strategy: a SIGALRM interval timer (main thread only, like pytest-timeout's
signal method, with which it nests: an outer timer that is due sooner keeps
its turn, and the outer timer is re-armed with its remaining time after).
PEP 475 retries interrupted syscalls unless the handler raises, so raising
from the handler is what gets a blocked recv() out.
"""
from __future__ import annotations

import contextlib
import signal
import time

from .i18n import msg


class DeadlineExceeded(AssertionError):
    """A call under `deadline()` ran longer than allowed."""


@contextlib.contextmanager
def deadline(seconds: float, what: str, hint: str = ""):
    """Fail the check if the block runs longer than `seconds`.

    Args:
        seconds: the time allowed, > 0.
        what: the call, as the message names it ("recv_exactly(sock, 10)").
        hint: what usually makes it block.

    Raises:
        DeadlineExceeded: "{what} blocked for {seconds} s: {hint}".
    """
    if seconds <= 0:
        raise ValueError(f"deadline seconds must be > 0, got {seconds!r}")
    start = time.monotonic()
    message = msg("blocked", what=what, seconds=f"{seconds:g}") + (f": {hint}" if hint else "")

    outer_fired = False

    def on_alarm(signum, frame):
        nonlocal outer_fired
        elapsed = time.monotonic() - start
        if elapsed >= seconds - 0.001:
            raise DeadlineExceeded(message)
        outer_fired = True                # the outer timer's turn; ours later
        signal.setitimer(signal.ITIMER_REAL, seconds - elapsed)
        if callable(outer_handler):
            outer_handler(signum, frame)

    outer_handler = signal.signal(signal.SIGALRM, on_alarm)
    outer_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    if 0 < outer_delay < seconds:
        signal.setitimer(signal.ITIMER_REAL, outer_delay)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_delay > 0 and not outer_fired:
            left = outer_delay - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6))
