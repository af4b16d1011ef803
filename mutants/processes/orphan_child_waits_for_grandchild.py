"""orphan_report: the child waits for the grandchild "to avoid a zombie", so the grandchild is never an orphan."""
import os
import struct


def orphan_report():
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            if os.fork() == 0:
                os.write(write_end, struct.pack("!ii", os.getpid(), os.getppid()))
                os._exit(0)
            os.wait()
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    report = _read_all(read_end)
    os.close(read_end)
    return struct.unpack("!ii", report)
