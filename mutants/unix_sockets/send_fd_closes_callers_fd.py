"""send_fd closes the caller's descriptor after sending it, as if it had been handed over."""
import os
import socket


def send_fd(sock, fd, message=b"fd"):
    _check_fd(fd)
    if not message:
        raise ValueError(f"message must not be empty, got {message!r}")
    socket.send_fds(sock, [bytes(message)], [fd])
    os.close(fd)  # the caller still owns it
