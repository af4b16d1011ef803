"""The client is closed first, then unregistered by sock.fileno(): that is -1 after close."""
import select


def serve_poll(listener):
    listener.setblocking(False)
    poller = select.poll()
    poller.register(listener, select.POLLIN)
    clients = {}
    while True:
        for fd, events in poller.poll():
            if fd == listener.fileno():
                conn = _accept(listener)
                if conn is not None:
                    clients[conn.fileno()] = _Client(conn)
                    poller.register(conn, select.POLLIN)
                continue
            client = clients[fd]
            if not events & (select.POLLHUP | select.POLLERR) and client.step(
                    bool(events & select.POLLIN), bool(events & select.POLLOUT)):
                poller.modify(fd, client.poll_mask())
                continue
            client.close()
            poller.unregister(client.sock.fileno())  # -1 now: ValueError
            del clients[client.sock.fileno()]
