"""send_fd accepts an empty message: sendmsg takes 0 bytes and Linux drops the descriptor, the peer gets nothing."""
import socket


def send_fd(sock, fd, message=b"fd"):
    _check_fd(fd)
    socket.send_fds(sock, [bytes(message)], [fd])
