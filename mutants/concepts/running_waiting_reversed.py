"""waiting->running allowed and running->waiting refused: the blocking arrow drawn backwards."""
_TRANSITIONS = {
    ("new", "ready"), ("ready", "running"), ("running", "ready"),
    ("waiting", "running"), ("waiting", "ready"), ("running", "terminated"),
}
