"""encode_frame quietly UTF-8-encodes a str instead of raising TypeError."""


def encode_frame(payload):
    if isinstance(payload, str):
        payload = payload.encode()
    payload = bytes(payload)
    if len(payload) > MAX_FRAME:
        raise FrameTooLarge(f"payload of {len(payload)} bytes exceeds {MAX_FRAME}")
    return HEADER.pack(len(payload)) + payload
