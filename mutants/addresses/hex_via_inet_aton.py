"""socket.inet_aton trusted with the text: "127.1" accepted, "abc" raises OSError."""
import socket


def ipv4_to_hex(text: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"an IPv4 address must be a str, got {text!r}")
    return socket.inet_aton(text).hex()
