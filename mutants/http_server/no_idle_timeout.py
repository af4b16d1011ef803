"""No idle timeout: the event loop waits without a timeout and never closes a silent client."""
import os
import selectors


def serve_http(listener, root, idle_timeout=10.0):
    root = os.path.realpath(root)
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, None)
    while True:
        for key, events in selector.select():
            if key.data is None:
                accept_clients(listener, selector, root, idle_timeout)
                continue
            conn = key.data
            if events & selectors.EVENT_WRITE:
                conn.pump()
            if events & selectors.EVENT_READ and not conn.closed:
                conn.on_readable()
