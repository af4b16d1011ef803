"""is_zombie lets FileNotFoundError out for a pid with no process."""


def is_zombie(pid):
    with open(f"/proc/{pid}/stat", "rb") as f:
        stat = f.read()
    return stat[stat.rindex(b")") + 1:].split()[0] == b"Z"
