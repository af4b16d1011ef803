"""Did the code under test close the sockets it made? (udp, sockopts, nonblocking)

A socket a function forgets to close is not always visible as an open
descriptor afterwards: CPython closes an unreferenced socket object at once
(with a ResourceWarning "unclosed <socket ...>"). So `SocketWatch` looks in
two places:

- `left()`: the socket descriptors of the process running the code under
  test (`runs_in(handle)`) that are open now and were not before; call it
  while the function's exception is still being handled (its traceback keeps
  the function's frame, and a socket it did not close, alive);
- `unclosed`: after the block, the ResourceWarnings of sockets that reached
  the garbage collector without `close()` (in a sealed run the host drops
  what a call left as soon as it returns or raises, and its warnings are
  raised again in the pytest process, so `unclosed` sees them there).
"""
import contextlib
import gc
import os
import warnings

from harness import runs_in


def open_sockets(pid: int) -> dict[int, str]:
    """The socket descriptors of process `pid`, {fd: 'socket:[inode]'}."""
    found = {}
    for name in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/{pid}/fd/{name}")
            if target.startswith("socket:"):
                found[int(name)] = target
    return found


class SocketWatch:
    """`with SocketWatch(handle) as watch:` around calls of the topic `handle`
    (from `topic(...)`) that must close their sockets."""

    def __init__(self, handle):
        self._pid = runs_in(handle).pid
        self.unclosed: list[str] = []
        self._before: dict[int, str] = {}
        self._catcher = warnings.catch_warnings(record=True)
        self._caught: list = []

    def __enter__(self):
        self._before = open_sockets(self._pid)
        self._caught = self._catcher.__enter__()
        warnings.simplefilter("always", ResourceWarning)
        return self

    def left(self) -> list[str]:
        """Socket descriptors opened since the block began and still open."""
        now = open_sockets(self._pid)
        return sorted(t for fd, t in now.items() if self._before.get(fd) != t)

    def __exit__(self, *exc_info):
        try:
            gc.collect()  # sockets in reference cycles are finalised (and warn) now
        finally:
            self._catcher.__exit__(*exc_info)
        self.unclosed = [str(w.message) for w in self._caught
                         if issubclass(w.category, ResourceWarning)
                         and "socket" in str(w.message)]
        return False
