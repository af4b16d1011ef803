"""serve_poll is the select server under another name: it cannot go past descriptor 1024."""


def serve_poll(listener):
    serve_select(listener)  # "the same thing, select is simpler"
