"""An iterative server: one connection is served until it closes before the next is accepted.

A client that connects and sends nothing blocks every other client.
"""
import os
import socket


def serve_http(listener, root, idle_timeout=10.0):
    root = os.path.realpath(root)
    while True:
        sock, _address = listener.accept()
        with sock:
            reader = http_messages.RequestReader()
            try:
                while True:
                    data = sock.recv(65536)
                    if not data:
                        break
                    try:
                        requests, error = reader.feed(data), None
                    except http_messages.HttpError as exc:
                        requests, error = exc.completed, exc
                    done = False
                    for request in requests:
                        keep = keeps_alive(request)
                        headers = [("Connection", "keep-alive" if keep else "close")]
                        for item in respond(request, root, headers):
                            if isinstance(item, FileBody):
                                while item.remaining:
                                    item.send(sock)
                                item.close()
                            else:
                                sock.sendall(item)
                        if not keep:
                            done = True
                            break
                    if error and not done:
                        sock.sendall(error_response(error.status, headers=[("Connection", "close")]))
                        done = True
                    if done:
                        sock.shutdown(socket.SHUT_WR)
                        break
            except OSError:
                pass
