"""send_fd sends the descriptor's number as text and recv_fd reads it back: a number means nothing in another process."""


def send_fd(sock, fd, message=b"fd"):
    _check_fd(fd)
    if not message:
        raise ValueError(f"message must not be empty, got {message!r}")
    sock.sendall(str(fd).encode())


def recv_fd(sock):
    data = sock.recv(4096)
    if not data:
        raise EOFError("the peer closed before sending a descriptor")
    return int(data), data
