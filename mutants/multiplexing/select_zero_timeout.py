"""select(..., 0) and poll(0) in the loop: a busy-wait that burns a CPU while idle."""
import select


def serve_select(listener):
    listener.setblocking(False)
    clients = {}
    while True:
        to_read = [listener] + [s for s, c in clients.items() if c.wants_read()]
        to_write = [s for s, c in clients.items() if c.wants_write()]
        readable, writable, _ = select.select(to_read, to_write, [], 0)  # never sleeps
        for sock in set(readable) | set(writable):
            if sock is listener:
                conn = _accept(listener, limit=FD_SETSIZE)
                if conn is not None:
                    clients[conn] = _Client(conn)
            elif not clients[sock].step(sock in readable, sock in writable):
                clients.pop(sock).close()


def serve_poll(listener):
    listener.setblocking(False)
    poller = select.poll()
    poller.register(listener, select.POLLIN)
    clients = {}
    while True:
        for fd, events in poller.poll(0):  # never sleeps
            if fd == listener.fileno():
                conn = _accept(listener)
                if conn is not None:
                    clients[conn.fileno()] = _Client(conn)
                    poller.register(conn, select.POLLIN)
                continue
            client = clients[fd]
            if events & (select.POLLHUP | select.POLLERR) or not client.step(
                    bool(events & select.POLLIN), bool(events & select.POLLOUT)):
                poller.unregister(fd)
                clients.pop(fd).close()
            else:
                poller.modify(fd, client.poll_mask())

