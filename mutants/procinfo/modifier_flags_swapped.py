"""parse_stat_code maps "s" to multithreaded and "l" to session_leader (the notes' confusion).

s is the session leader, l a multi-threaded process.
"""

MODIFIERS = {**MODIFIERS, "s": "multithreaded", "l": "session_leader"}
