"""Connection: close from an HTTP/1.1 client is ignored: the connection stays open."""


def keeps_alive(request):
    tokens = {token.strip().lower()
              for name, value in request.headers if name.lower() == "connection"
              for token in value.split(",")}
    return request.version == "HTTP/1.1" or "keep-alive" in tokens
