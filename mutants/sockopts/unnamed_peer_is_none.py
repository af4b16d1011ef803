"""describe_socket turns an unnamed AF_UNIX peer ('') into None (`getpeername() or None`)."""
import errno


def _peer(sock):
    try:
        return sock.getpeername() or None
    except OSError as exc:
        if exc.errno == errno.ENOTCONN:
            return None
        raise
