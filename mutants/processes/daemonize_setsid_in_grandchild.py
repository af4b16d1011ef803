"""daemonize calls os.setsid() in the grandchild: the daemon is a session leader and could acquire a terminal."""
import os
import struct


def daemonize(fn):
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            grandchild = os.fork()
            if grandchild == 0:
                os.setsid()
                _run_child_and_exit(fn, ())
            os.write(write_end, struct.pack("!i", grandchild))
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    report = _read_all(read_end)
    os.close(read_end)
    return struct.unpack("!i", report)[0]
