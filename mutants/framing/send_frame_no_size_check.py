"""send_frame packs the header itself with struct and never checks MAX_FRAME."""
import struct


def send_frame(sock, payload):
    if not isinstance(payload, (bytes, bytearray, memoryview)):
        raise TypeError(f"payload must be bytes-like, not {type(payload).__name__}")
    sock.sendall(struct.pack("!I", len(payload)) + bytes(payload))
