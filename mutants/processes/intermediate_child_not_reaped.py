"""daemonize never waits for the intermediate child: it stays a zombie of the caller."""
import os
import struct


def daemonize(fn):
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.setsid()
            grandchild = os.fork()
            if grandchild == 0:
                _run_child_and_exit(fn, ())
            os.write(write_end, struct.pack("!i", grandchild))
        finally:
            os._exit(0)
    os.close(write_end)
    data = os.read(read_end, 4)   # the pid, but the child is never reaped
    os.close(read_end)
    return struct.unpack("!i", data)[0]
