"""encode_frame treats a falsy payload (None) as the empty payload."""


def encode_frame(payload):
    payload = bytes(payload or b"")
    if len(payload) > MAX_FRAME:
        raise FrameTooLarge(f"payload of {len(payload)} bytes exceeds {MAX_FRAME}")
    return HEADER.pack(len(payload)) + payload
