"""Did the code under test close the sockets it made? (udp, sockopts, nonblocking)

A socket a function forgets to close is not always visible as an open
descriptor afterwards: CPython closes an unreferenced socket object at once
(with a ResourceWarning "unclosed <socket ...>"). So `SocketWatch` looks in
two places:

- `left()`: the socket descriptors that are open now and were not before;
  call it while the function's exception is still being handled (its
  traceback keeps the function's frame, and a socket it did not close, alive);
- `unclosed`: after the block, the ResourceWarnings of sockets that reached
  the garbage collector without `close()`.

In a sealed run the code under test runs in another process: there the
descriptors and warnings of this process say nothing about it (the harness's
own leak guard watches that process), and both lists stay empty.
"""
import contextlib
import gc
import os
import warnings


def open_sockets() -> dict[int, str]:
    """The socket descriptors of this process, {fd: 'socket:[inode]'}."""
    found = {}
    for name in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/self/fd/{name}")
            if target.startswith("socket:"):
                found[int(name)] = target
    return found


class SocketWatch:
    """`with SocketWatch() as watch:` around calls that must close their sockets."""

    def __init__(self):
        self.unclosed: list[str] = []
        self._before: dict[int, str] = {}
        self._catcher = warnings.catch_warnings(record=True)
        self._caught: list = []

    def __enter__(self):
        self._before = open_sockets()
        self._caught = self._catcher.__enter__()
        warnings.simplefilter("always", ResourceWarning)
        return self

    def left(self) -> list[str]:
        """Socket descriptors opened since the block began and still open."""
        return sorted(t for fd, t in open_sockets().items() if self._before.get(fd) != t)

    def __exit__(self, *exc_info):
        try:
            gc.collect()  # sockets in reference cycles are finalised (and warn) now
        finally:
            self._catcher.__exit__(*exc_info)
        self.unclosed = [str(w.message) for w in self._caught
                         if issubclass(w.category, ResourceWarning)
                         and "socket" in str(w.message)]
        return False
