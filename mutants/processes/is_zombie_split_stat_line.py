"""is_zombie takes the third field of split(): a command name with spaces shifts the fields."""


def is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().split()
    except FileNotFoundError:
        return False
    return fields[2] == "Z"
