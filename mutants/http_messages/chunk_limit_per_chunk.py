"""max_body is compared with each chunk's size alone, not with the total so far.

Many chunks below the limit add up to any size: the body is unbounded.
"""


class RequestReader(RequestReader):
    def _step_size(self):
        self._total = 0
        return super()._step_size()
