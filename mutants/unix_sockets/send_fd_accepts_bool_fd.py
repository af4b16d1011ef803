"""send_fd hands its arguments to socket.send_fds unchecked: True passes stdout (fd 1), -1 fails with EBADF instead of ValueError."""
import socket


def send_fd(sock, fd, message=b"fd"):
    if not message:
        raise ValueError(f"message must not be empty, got {message!r}")
    socket.send_fds(sock, [message], [fd])
