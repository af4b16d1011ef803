# hostile: recv_until_eof never returns (and ignores signals it can)
import signal as _signal


def recv_until_eof(sock):
    for sig in (_signal.SIGTERM, _signal.SIGINT, _signal.SIGALRM):
        try:
            _signal.signal(sig, _signal.SIG_IGN)
        except (ValueError, OSError):
            pass
    while True:
        pass
