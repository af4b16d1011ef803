"""echo_client connects before entering `with sock:`: a refused or timed-out connect leaves the socket open."""
import socket


def echo_client(address, payload, timeout=5.0):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(address)  # raises before the with block: nobody closes sock
    with sock:
        send_all(sock, payload)
        sock.shutdown(socket.SHUT_WR)
        return recv_until_eof(sock)
