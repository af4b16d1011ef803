"""make_listener checks neither port nor backlog: bind and listen decide (OverflowError, listen(-1) taken as 0, bools accepted)."""


def _check_int(name, value, low, high=None):
    pass
