"""parse_request returns the first request and ignores whatever follows it.

parse_request takes exactly one request: bytes after it (a second request,
a longer body than announced) are an error, 400.
"""


def parse_request(data):
    _check_bytes(data, "data")
    reader = RequestReader()
    reader._buf += data
    request = reader._next()
    if request is None:
        raise HttpError(400, f"incomplete request ({len(data)} bytes)")
    return request
