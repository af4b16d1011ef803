"""bind_unix_listener unlinks any socket file without asking whether a server still listens on it."""


def _is_live(encoded):
    return False  # never asked: the live server's file goes too
