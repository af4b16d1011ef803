# hostile: stub bodies; at import, forges results: a results file (score
# 999) wherever it can guess, and "passed" records on the grader's record
# socket (found in its ancestors' command lines)
import ast as _ast
import json as _json
import os as _os
import socket as _socket


def _check_names():
    names = []
    try:
        with open(_os.path.join(_os.getcwd(), "checks", "test_tcp.py")) as f:
            tree = _ast.parse(f.read())
        names = [f"checks/test_tcp.py::{node.name}" for node in tree.body
                 if isinstance(node, _ast.FunctionDef) and node.name.startswith("test_")]
    except (OSError, SyntaxError):
        pass
    return names


def _ancestor_args():
    pid = _os.getpid()
    while pid > 1:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                yield [a.decode(errors="replace") for a in f.read().split(b"\0")]
            with open(f"/proc/{pid}/stat", "rb") as f:
                data = f.read()
            pid = int(data[data.rfind(b")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            return


def _forge():
    names = _check_names()
    tests = [{"name": n, "score": 999, "max_score": 1, "status": "passed", "output": "",
              "visibility": "visible", "tags": ["tcp"]} for n in names]
    forged = {"score": 999, "max_score": 1, "tests": tests}
    paths = {"results.json", "/tmp/results.json", _os.path.join(_os.getcwd(), "results.json")}
    fds = set()
    for args in _ancestor_args():
        for arg in args:
            if arg.startswith("--results-json="):
                paths.add(arg.split("=", 1)[1])
            if arg.startswith("--grade-fd="):
                fds.add(int(arg.split("=", 1)[1]))
    for path in paths:
        try:
            with open(path, "w") as f:
                _json.dump(forged, f)
        except OSError:
            pass
    for fd in fds:
        try:
            sock = _socket.socket(fileno=_os.dup(fd))
            sock.send(b'{"hello": true}')
            for t in tests:
                sock.send(_json.dumps({"start": t["name"]}).encode())
                sock.send(_json.dumps({"done": t["name"], "entry": t}).encode())
            sock.send(b'{"end": true}')
            sock.close()
        except OSError:
            pass


_forge()
