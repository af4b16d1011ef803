"""The daemonized grandchild calls fn() without try/finally: when fn raises, it returns into the caller's code."""
import os
import struct


def daemonize(fn):
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.setsid()
        grandchild = os.fork()
        if grandchild == 0:
            os.close(read_end)
            fn()
            os._exit(0)
        os.write(write_end, struct.pack("!i", grandchild))
        os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    report = _read_all(read_end)
    os.close(read_end)
    return struct.unpack("!i", report)[0]
