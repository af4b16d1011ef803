"""Messages between a forked child and the pytest process.

Strategy: length-prefixed pickles on a pipe. The reader never waits for EOF,
because processes the code under test forks inherit the write end and may
keep it open for as long as they live.
"""
from __future__ import annotations

import os
import pickle
import struct

_LENGTH = struct.Struct("!Q")


class _Codec:
    dumps = staticmethod(pickle.dumps)
    loads = staticmethod(pickle.loads)


def use(dumps, loads) -> None:
    """Replace the pickling of messages (sealed mode decodes without trust)."""
    _Codec.dumps, _Codec.loads = staticmethod(dumps), staticmethod(loads)


def send(fd: int, message) -> None:
    """Write one message (any picklable object) to the pipe `fd`."""
    data = _Codec.dumps(message)
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


class Reader:
    """Collects bytes from a non-blocking pipe and splits them into messages."""

    def __init__(self, fd: int):
        self.fd = fd
        self.eof = False
        self._buffer = bytearray()
        os.set_blocking(fd, False)

    def pump(self) -> list:
        """Read what the pipe holds now; return the complete messages."""
        while not self.eof:
            try:
                chunk = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:
                self.eof = True
            self._buffer += chunk
        messages = []
        while len(self._buffer) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(self._buffer)
            end = _LENGTH.size + size
            if len(self._buffer) < end:
                break
            messages.append(_Codec.loads(bytes(self._buffer[_LENGTH.size:end])))
            del self._buffer[:end]
        return messages
