"""parse_stat_code swaps the names of "T" and "t", and calls "D" a "disk sleep".

T is "stopped" (job control), t "stopped by debugger"; D "uninterruptible sleep".
"""

STATE_NAMES = {**STATE_NAMES, "T": "stopped by debugger", "t": "stopped",
               "D": "disk sleep"}
