"""connect_with_timeout is socket.create_connection(address, timeout): the socket it returns keeps the timeout."""
import socket


def connect_with_timeout(address, timeout):
    _check_timeout(timeout)
    return socket.create_connection(address, timeout=timeout)
