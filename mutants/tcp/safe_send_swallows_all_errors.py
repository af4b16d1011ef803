"""safe_send catches every OSError, so a timeout is reported as "peer gone"."""


def safe_send(sock, data: bytes) -> bool:
    try:
        send_all(sock, data)
    except OSError:
        return False
    return True
