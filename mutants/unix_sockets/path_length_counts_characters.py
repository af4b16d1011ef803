"""bind_unix_listener measures the path in characters (len(path)), not in encoded bytes: "é" is two bytes."""


def _encoded_path(path):
    if not path:
        raise ValueError(f"empty socket path: {path!r}")
    if len(path) > UNIX_PATH_MAX:  # characters, and no len() for a pathlib.Path
        raise ValueError(f"socket path longer than {UNIX_PATH_MAX}: {path!r}")
    return os.fsencode(path)
