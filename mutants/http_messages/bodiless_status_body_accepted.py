"""format_response lets 204 and 304 responses carry a body (only 1xx are refused).

204 No Content and 304 Not Modified never have a body (RFC 9110 §15.3.5,
§15.4.5): a client reads the bytes as the start of the next response.
"""
_NO_BODY = ()
