"""send_frame removes the caller's socket timeout (settimeout(None)) so that a big frame cannot time out half sent."""


def send_frame(sock, payload):
    sock.settimeout(None)  # changes the caller's socket for good
    sock.sendall(encode_frame(payload))
