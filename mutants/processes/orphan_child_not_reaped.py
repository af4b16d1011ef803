"""orphan_report never reaps the intermediate child: it stays a zombie of the caller."""
import os
import struct
import time


def orphan_report():
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            me = os.getpid()
            if os.fork() == 0:
                while os.getppid() == me:
                    time.sleep(0.001)
                os.write(write_end, struct.pack("!ii", os.getpid(), os.getppid()))
                os._exit(0)
        finally:
            os._exit(0)
    os.close(write_end)
    report = _read_all(read_end)
    os.close(read_end)
    return struct.unpack("!ii", report)
