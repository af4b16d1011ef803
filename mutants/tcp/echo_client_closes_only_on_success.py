"""echo_client calls sock.close() as its last step: a timeout while reading skips it and the socket stays open."""
import socket


def echo_client(address, payload, timeout=5.0):
    sock = socket.create_connection(address, timeout=timeout)
    send_all(sock, payload)
    sock.shutdown(socket.SHUT_WR)
    reply = recv_until_eof(sock)
    sock.close()
    return reply
