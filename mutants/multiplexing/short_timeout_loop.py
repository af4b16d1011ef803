"""select/poll with a 1 ms timeout in the loop: little CPU, but a thousand wake-ups a second while idle."""
import select as _select
import types


class _PollEveryMillisecond:
    """A poll object whose poll() is a loop of poll(1) ("to stay responsive")."""

    def __init__(self):
        self._poller = _select.poll()

    def __getattr__(self, name):
        return getattr(self._poller, name)

    def poll(self, timeout=None):
        while not (events := self._poller.poll(1)):
            pass
        return events


def _select_every_millisecond(rlist, wlist, xlist, timeout=None):
    while not any(ready := _select.select(rlist, wlist, xlist, 0.001)):
        pass
    return ready


select = types.SimpleNamespace(**{**vars(_select), "poll": _PollEveryMillisecond,
                                  "select": _select_every_millisecond})
