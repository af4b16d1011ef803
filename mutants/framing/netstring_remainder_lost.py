"""decode_netstrings drops an incomplete trailing netstring instead of returning it as the remainder."""


_decode_netstrings_ok = decode_netstrings


def decode_netstrings(data):
    payloads, _rest = _decode_netstrings_ok(data)
    return payloads, b""
