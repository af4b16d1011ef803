"""Fake sockets for checks: scripted recv chunks, trickling sends.

A real loopback socket hands over large writes whole, so a `send` without a
loop passes on it; ScriptedSocket takes 1..max_send bytes per send call and
splits reads exactly where the script says, which is what a network may do.
"""
from __future__ import annotations

import random


class ScriptedSocket:
    """A socket stand-in (no sendall) with scripted reads and short writes.

    Args:
        chunks: what successive recv calls return, chunk by chunk (a recv
            never returns bytes of two chunks); after the last, b"" (EOF).
        max_send: the most bytes one send() accepts (at least 1).
        seed: seeds the sizes send() accepts.
        send_error: an exception instance send() raises once `error_after`
            bytes have been accepted.
        error_after: see send_error.
    """

    def __init__(self, chunks=(), *, max_send: int = 3, seed: int = 0,
                 send_error: BaseException | None = None, error_after: int = 0):
        self._chunks = [bytes(c) for c in chunks]
        self._max_send = max_send
        self._random = random.Random(seed)
        self._send_error = send_error
        self._error_after = error_after
        self.sent = bytearray()
        self.recv_sizes: list[int] = []
        self.send_calls = 0
        self.closed = False
        self.shut: list[int] = []

    def recv(self, n: int, flags: int = 0) -> bytes:
        self.recv_sizes.append(n)
        if n < 0:
            raise ValueError("negative buffersize in recv")
        if not self._chunks or n == 0:
            return b""
        chunk = self._chunks[0]
        data, rest = chunk[:n], chunk[n:]
        if rest:
            self._chunks[0] = rest
        else:
            self._chunks.pop(0)
        return data

    def recv_into(self, buffer, nbytes: int = 0, flags: int = 0) -> int:
        view = memoryview(buffer).cast("B")
        data = self.recv(nbytes or len(view))
        view[:len(data)] = data
        return len(data)

    def send(self, data, flags: int = 0) -> int:
        self.send_calls += 1
        data = bytes(data)
        if self._send_error is not None and len(self.sent) >= self._error_after:
            raise self._send_error
        if not data:
            return 0
        limit = len(data)
        if self._send_error is not None:
            limit = min(limit, self._error_after - len(self.sent)) or limit
        taken = min(limit, self._random.randint(1, self._max_send))
        self.sent += data[:taken]
        return taken

    @property
    def pending(self) -> int:
        """Scripted bytes not read yet."""
        return sum(map(len, self._chunks))

    def shutdown(self, how: int) -> None:
        self.shut.append(how)

    def close(self) -> None:
        self.closed = True

    def fileno(self) -> int:
        return -1

    # Sealed mode: the fake crosses to the submission's process by value and
    # its recorded state comes back after each call.
    netlab_synced = True

    def netlab_state(self) -> dict:
        state = dict(vars(self))
        state["_random"] = self._random.getstate()
        return state

    def netlab_restore(self, state: dict) -> None:
        state = dict(state)
        generator = random.Random()
        generator.setstate(state.pop("_random"))
        self.__dict__.update(state, _random=generator)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
