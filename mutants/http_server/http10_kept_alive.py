"""HTTP/1.0 connections are kept open unless they say Connection: close (1.0 treated as 1.1)."""


def keeps_alive(request):
    tokens = {token.strip().lower()
              for name, value in request.headers if name.lower() == "connection"
              for token in value.split(",")}
    return "close" not in tokens
