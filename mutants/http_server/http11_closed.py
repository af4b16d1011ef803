"""HTTP/1.1 is closed after each response unless it says keep-alive (1.1 treated as 1.0)."""


def keeps_alive(request):
    tokens = {token.strip().lower()
              for name, value in request.headers if name.lower() == "connection"
              for token in value.split(",")}
    return "keep-alive" in tokens
