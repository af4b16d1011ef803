"""safe_send catches only ConnectionResetError and lets BrokenPipeError out."""


def safe_send(sock, data: bytes) -> bool:
    try:
        send_all(sock, data)
    except ConnectionResetError:
        return False
    return True
