"""bind_unix_listener probes a socket file with a blocking connect: it waits forever when the live server's backlog is full."""
import socket


def _is_live(encoded):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(encoded)  # blocking: waits for room in the backlog
        except ConnectionRefusedError:
            return False
        return True
