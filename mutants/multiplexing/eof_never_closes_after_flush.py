"""A client whose EOF arrived while echo was still buffered is never closed once the buffer drains."""


def _step_closing_only_at_eof(self, readable, writable):
    try:
        if readable and self.wants_read():
            self.read()
            if self.finished():
                return False  # closes only when EOF finds nothing owed
        if self.unsent and (writable or readable):
            self.write()
    except (BlockingIOError, InterruptedError):
        pass
    except OSError:
        return False
    return True  # after the buffer drains, nobody closes it


_Client.step = _step_closing_only_at_eof
