"""bind_unix_listener rejects a path of exactly 107 bytes (>= instead of >: the NUL counted twice)."""


def _encoded_path(path):
    encoded = os.fsencode(path)
    if not encoded:
        raise ValueError(f"empty socket path: {path!r}")
    if len(encoded) >= UNIX_PATH_MAX:
        raise ValueError(f"socket path of {len(encoded)} bytes is too long: {path!r}")
    return encoded
