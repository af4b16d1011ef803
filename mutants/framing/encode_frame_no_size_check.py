"""encode_frame never checks the payload against MAX_FRAME."""


def encode_frame(payload):
    _check_bytes(payload, "payload")
    return HEADER.pack(len(payload)) + bytes(payload)
