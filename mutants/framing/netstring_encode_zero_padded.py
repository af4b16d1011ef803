"""encode_netstring writes the length with a leading zero pad (b"05:hello,")."""


def encode_netstring(payload):
    _check_bytes(payload, "payload")
    payload = bytes(payload)
    return b"%02d:%s," % (len(payload), payload)
