"""Every file is read whole into memory before it is sent (64 MiB file: 64 MiB more memory)."""

SMALL_FILE = 1 << 40
