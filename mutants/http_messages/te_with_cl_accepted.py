"""Transfer-Encoding together with Content-Length is accepted, Content-Length ignored (the old RFC 7230 rule).

RFC 9112 §6.1 lets a server reject the pair, and the contract requires a
400: it is the classic request-smuggling setup.
"""
_reference_body_framing = _body_framing


def _body_framing(headers, max_body):
    if any(k.lower() == "transfer-encoding" for k, _ in headers):
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    return _reference_body_framing(headers, max_body)
