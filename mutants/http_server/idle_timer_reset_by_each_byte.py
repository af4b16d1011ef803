"""Every byte received restarts the idle clock: a slow-loris client is never closed."""
import time


class Connection(Connection):
    def on_readable(self):
        self.deadline = time.monotonic() + self.idle_timeout
        super().on_readable()
