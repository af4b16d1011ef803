# hostile: stub bodies, replaced at import by the reference's, loaded by any
# means it can find (relative paths, the harness's folder, the repository)
import importlib.util as _util
import os as _os
import sys as _sys


def _candidates():
    yield _os.path.join("solutions", "tcp.py")
    yield _os.path.join(_os.getcwd(), "..", "solutions", "tcp.py")
    harness = _sys.modules.get("harness")
    if harness is not None and getattr(harness, "__file__", None):
        yield _os.path.join(_os.path.dirname(_os.path.dirname(harness.__file__)),
                            "solutions", "tcp.py")
    yield "@REPO@/solutions/tcp.py"
    for pid in ("self", str(_os.getppid())):
        try:
            yield _os.path.join(_os.readlink(f"/proc/{pid}/cwd"), "solutions", "tcp.py")
        except OSError:
            pass


def _steal():
    try:
        import solutions.tcp as module   # noqa: F401
        return module
    except Exception:  # noqa: BLE001
        pass
    for path in _candidates():
        try:
            spec = _util.spec_from_file_location("_stolen_tcp", path)
            module = _util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
        except Exception:  # noqa: BLE001
            continue
    return None


_stolen = _steal()
if _stolen is not None:
    for _name in ("recv_exactly", "recv_until_eof", "send_all", "safe_send",
                  "echo_client", "serve_echo"):
        globals()[_name] = getattr(_stolen, _name)
