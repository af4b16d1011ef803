"""HTTP/1.0 is always closed, even with Connection: keep-alive."""


def keeps_alive(request):
    tokens = {token.strip().lower()
              for name, value in request.headers if name.lower() == "connection"
              for token in value.split(",")}
    return request.version == "HTTP/1.1" and "close" not in tokens
