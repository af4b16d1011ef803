"""Finished clients are closed but left in the set: select fails on fd -1, poll spins on POLLNVAL."""
import select


def serve_select(listener):
    listener.setblocking(False)
    clients = {}
    while True:
        to_read = [listener] + [s for s, c in clients.items() if c.wants_read()]
        to_write = [s for s, c in clients.items() if c.wants_write()]
        readable, writable, _ = select.select(to_read, to_write, [])
        for sock in set(readable) | set(writable):
            if sock is listener:
                conn = _accept(listener, limit=FD_SETSIZE)
                if conn is not None:
                    clients[conn] = _Client(conn)
            elif not clients[sock].step(sock in readable, sock in writable):
                sock.close()  # but it stays in clients, so in the lists


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
            client = clients.get(fd)
            if client is None:
                continue  # POLLNVAL for a closed socket: ignored, comes back at once
            if events & (select.POLLHUP | select.POLLERR) or not client.step(
                    bool(events & select.POLLIN), bool(events & select.POLLOUT)):
                del clients[fd]
                client.close()  # forgot poller.unregister(fd)
            else:
                poller.modify(fd, client.poll_mask())

