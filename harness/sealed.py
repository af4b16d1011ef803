"""Sealed mode (grading): the submission's code never runs in the pytest
process, the one that decides pass or fail.

Strategy: in the pytest process a topic handle hands out stand-ins instead
of the submission's objects. Calling one sends the call to a *host*: a
sandbox worker (own process group, below a supervisor, limits, killed with
all its descendants at the end of the run) that imports the submission and
runs the call. One host per topic serves the whole run, as the module is
imported once in student mode; after each check the host's own leak guard
looks for what the check left there, and a host that died is replaced.

What crosses the boundary:
- pytest -> host: the arguments, pickled (the host trusts the pytest
  process). Real sockets cross as descriptors (SCM_RIGHTS) with their
  timeout; the harness's fakes cross by value. After the call the host sends
  back each socket's final timeout and whether it was closed, and each fake's
  recorded state, and the pytest process applies them to its own objects, so
  a check sees what it would have seen in student mode.
- host -> pytest: plain data by value, under a restricted unpickler that
  loads no class or function of the submission; sockets as descriptors;
  exceptions as the same-named types (stdlib ones as themselves, the
  submission's as stand-in classes with the same name and stdlib bases);
  every other object stays in the host and comes back as a Remote reference
  whose attributes, calls and operators are forwarded. The warnings the call
  raised, and those of what it left to the garbage collector (an unclosed
  socket's ResourceWarning), are raised again in the pytest process. An
  exception the call raised stays alive in the host (with its frames, and
  the sockets a leaky implementation left in them) for as long as its
  stand-in lives in the pytest process, as the exception itself would.

Forked sandbox children (run_sandboxed, serve) are not the pytest process:
they import the submission themselves, and what they send back is decoded
with the same restricted unpickler.
"""
from __future__ import annotations

import array
import builtins
import ctypes
import enum
import gc
import importlib
import inspect
import io
import operator
import os
import pickle
import socket
import struct
import sys
import threading
import traceback
import warnings

from . import impl, leaks
from .i18n import msg

_LENGTH = struct.Struct("!Q")
MAX_FDS = 16                     # descriptors in one message
_SAFE_BUILTINS = {"set", "frozenset", "bytearray", "complex", "range", "slice"}
_TRUSTED_TOP = {"harness", "psutil", "h11"}
_PLAIN = (type(None), bool, int, float, complex, str, bytes, bytearray, list,
          tuple, dict, set, frozenset, range, slice)


class _State:
    enabled = False
    hosts: dict[str, "Host"] = {}
    standins: dict[tuple, type] = {}
    reference_dir: str | None = None


def enable(reference_dir) -> None:
    """Switch this pytest process to sealed mode (before any check runs)."""
    from . import wire
    _State.enabled = True
    _State.reference_dir = str(reference_dir) if reference_dir else None
    wire.use(child_dumps, safe_loads)


def enabled() -> bool:
    return _State.enabled


def in_verdict_process() -> bool:
    """True in the pytest process of a sealed run (not in forked children)."""
    return _State.enabled and os.getpid() == impl.owner_pid()


# -- decoding what untrusted processes send ----------------------------------

def _is_checks_module(module: str) -> bool:
    path = getattr(sys.modules.get(module), "__file__", "") or ""
    return f"{os.sep}checks{os.sep}" in path


class SafeUnpickler(pickle.Unpickler):
    """Unpickles data and stdlib exceptions, never code of the submission.

    A class is loaded only when constructing it runs no code worth fearing:
    exceptions, named tuples, enums, the harness's, psutil's and h11's
    classes and the checks' own; a function never."""

    def __init__(self, file, refs: "Host | None" = None, fds=()):
        super().__init__(file)
        self._refs = refs
        self._fds = list(fds)

    def find_class(self, module: str, name: str):
        if "." in name:
            raise pickle.UnpicklingError(f"refused {module}.{name}")
        if module == "builtins" and name in _SAFE_BUILTINS:
            return getattr(builtins, name)
        top = module.split(".")[0]
        if top != impl.ALIAS and (top in sys.stdlib_module_names or top in _TRUSTED_TOP
                                  or _is_checks_module(module)):
            obj = getattr(importlib.import_module(module), name, None)
            if isinstance(obj, type) and (
                    issubclass(obj, (BaseException, tuple, enum.Enum))
                    or top in _TRUSTED_TOP or _is_checks_module(module)):
                return obj
        raise pickle.UnpicklingError(f"refused to load {module}.{name} from a sandbox")

    def persistent_load(self, pid):
        kind = pid[0]
        if kind == "exc-class":
            return standin(*pid[1:])
        if kind == "exc":
            _, module, qualname, bases, args, attrs = pid
            return _rebuild_exception(standin(module, qualname, bases), args, attrs)
        if kind == "fd":
            _, index, family, type_, proto, timeout = pid
            sock = socket.socket(family, type_, proto, fileno=self._fds[index])
            sock.settimeout(timeout)
            return sock
        if kind == "ref" and self._refs is not None:
            return Remote(self._refs, ("ref", pid[1]), pid[3], pid[2])
        if kind in ("ref", "object"):
            return Detached(pid[-1])
        raise pickle.UnpicklingError(f"unknown reference {kind!r}")


def safe_loads(data: bytes):
    """What a sandbox child sent, decoded without trusting it."""
    return SafeUnpickler(io.BytesIO(data)).load()


def _rebuild_exception(cls: type, args, attrs: dict) -> BaseException:
    exc = cls.__new__(cls)
    exc.args = tuple(args)
    for key, value in attrs.items():
        try:
            setattr(exc, key, value)
        except (AttributeError, TypeError):
            pass
    return exc


def standin(module: str, qualname: str, bases=("builtins.Exception",)) -> type:
    """The pytest-side class standing for the submission's exception class
    `module.qualname` (one per name, so pytest.raises(topic.Error) catches
    what comes back)."""
    key = (module, qualname)
    if key not in _State.standins:
        resolved = [_stdlib_class(b) for b in bases] or [Exception]
        resolved = tuple(b for i, b in enumerate(resolved)
                         if not any(issubclass(o, b) for o in resolved[:i]))
        _State.standins[key] = type(qualname.rsplit(".", 1)[-1], resolved, {
            "__module__": module, "__qualname__": qualname, "__netlab_standin__": True})
    return _State.standins[key]


def _stdlib_class(path: str) -> type:
    module, _, name = path.rpartition(".")
    try:
        obj = getattr(importlib.import_module(module or "builtins"), name)
    except (ImportError, AttributeError):
        return Exception
    return obj if isinstance(obj, type) and issubclass(obj, BaseException) else Exception


# -- encoding in untrusted processes -------------------------------------------

def _from_submission(obj) -> bool:
    cls = obj if isinstance(obj, type) else type(obj)
    return cls.__module__.split(".")[0] == impl.ALIAS


def _stdlib_bases(cls: type) -> tuple[str, ...]:
    """The stdlib exception classes a submission's exception class derives
    from, nearest first."""
    bases = []
    for base in cls.__mro__[1:]:
        top = base.__module__.split(".")[0]
        if (top in sys.stdlib_module_names or top == "builtins") and \
                issubclass(base, BaseException):
            bases.append(f"{base.__module__}.{base.__qualname__}")
    return tuple(bases) or ("builtins.Exception",)


def _by_value(obj) -> bool:
    """Objects a child may send as they are: data, stdlib exceptions, named
    tuples and enums, the checks', the harness's and psutil's own objects."""
    if isinstance(obj, _PLAIN) or isinstance(obj, enum.Enum):
        return True
    if isinstance(obj, BaseException):
        return not _from_submission(obj)
    module = type(obj).__module__
    return module.split(".")[0] in _TRUSTED_TOP or _is_checks_module(module)


class _ChildPickler(pickle.Pickler):
    """How a sandbox child or a host pickles what it sends to the pytest
    process: data by value; the submission's exceptions and exception classes
    by name; sockets as descriptors (host only); every other object kept in
    the host as a reference (or, from a sandbox child, described by repr)."""

    def __init__(self, file, keep=None, fds=None):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._keep = keep
        self._fds = fds

    def persistent_id(self, obj):
        if isinstance(obj, type):   # classes go by name; the submission's by stand-in
            if not _from_submission(obj):
                return None
            if issubclass(obj, BaseException):
                return ("exc-class", obj.__module__, obj.__qualname__, _stdlib_bases(obj))
            return self._other(obj)
        if isinstance(obj, BaseException) and _from_submission(obj):
            attrs = {k: v for k, v in vars(obj).items() if not k.startswith("__")}
            return ("exc", type(obj).__module__, type(obj).__qualname__,
                    _stdlib_bases(type(obj)), obj.args, attrs)
        if isinstance(obj, socket.socket) and self._fds is not None and obj.fileno() >= 0:
            self._fds.append(obj)
            return ("fd", len(self._fds) - 1, obj.family, obj.type, obj.proto,
                    obj.gettimeout())
        if _by_value(obj) or (callable(obj) and _is_checks_module(
                getattr(obj, "__module__", "") or "")):
            return None
        return self._other(obj)

    def _other(self, obj):
        cls = obj if isinstance(obj, type) else type(obj)
        if self._keep is not None:
            return ("ref", self._keep(obj), (cls.__module__, cls.__qualname__),
                    _safe_repr(obj))
        return ("object", _safe_repr(obj))


def _safe_repr(obj) -> str:
    try:
        return repr(obj)[:200]
    except Exception:  # noqa: BLE001 - a submission's __repr__ may raise
        return f"<{type(obj).__qualname__} object>"


def child_dumps(obj) -> bytes:
    """pickle.dumps for a sandbox child of a sealed run."""
    buffer = io.BytesIO()
    _ChildPickler(buffer).dump(obj)
    return buffer.getvalue()


class Detached:
    """An object of the submission that could not cross (its repr only)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


# -- the channel between the pytest process and a host ----------------------------

def _send(sock: socket.socket, payload: bytes, fds=()) -> None:
    data = _LENGTH.pack(len(payload)) + payload
    numbers = [f.fileno() for f in fds]
    if numbers:
        sent = sock.sendmsg([data[:1]], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                          array.array("i", numbers))])
        data = data[sent:]
    sock.sendall(data)


def _recv(sock: socket.socket) -> tuple[bytes, list[int]]:
    """One message and the descriptors that came with it; EOFError at EOF."""
    fds: list[int] = []
    data = bytearray()
    size = None
    while size is None or len(data) < _LENGTH.size + size:
        want = 1 << 16 if size is None else _LENGTH.size + size - len(data)
        chunk, ancdata, _, _ = sock.recvmsg(want, socket.CMSG_SPACE(MAX_FDS * 4))
        for level, kind, cdata in ancdata:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds += array.array("i", cdata[:len(cdata) - len(cdata) % 4])
        if not chunk:
            raise EOFError("the other side closed the channel")
        data += chunk
        if size is None and len(data) >= _LENGTH.size:
            (size,) = _LENGTH.unpack_from(data)
    return bytes(data[_LENGTH.size:]), fds


# -- the host (a sandbox worker) -------------------------------------------------

class _HostUnpickler(pickle.Unpickler):
    """The host's side: what the pytest process sends is trusted."""

    def __init__(self, file, objects: dict, fds: list[int]):
        super().__init__(file)
        self.objects, self.fds = objects, fds
        self.sockets: list[socket.socket] = []
        self.synced: list = []

    def persistent_load(self, pid):
        kind = pid[0]
        if kind == "ref":
            return self.objects[pid[1]]
        if kind == "attr":
            return _resolve(pid[1], pid[2])
        if kind == "fd":
            _, index, family, type_, proto, timeout, number = pid
            fd = self.fds[index]
            if number < HOST_FD_BASE and _free(number):
                fd = os.dup2(fd, number)      # the number it has in the pytest process
                os.close(self.fds[index])
            sock = socket.socket(family, type_, proto, fileno=fd)
            sock.settimeout(timeout)
            self.sockets.append(sock)
            return sock
        if kind == "memoryview":
            return memoryview(pid[1] if pid[2] else bytearray(pid[1]))
        if kind == "synced":
            obj = _restore(pid[1], pid[2])
            self.synced.append(obj)
            return obj
        raise pickle.UnpicklingError(f"unknown reference {kind!r}")


def _free(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


def _resolve(topic: str, path: str):
    obj = impl.load(topic)
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _state_of(obj) -> dict:
    getstate = getattr(obj, "netlab_state", None)
    return getstate() if getstate else dict(vars(obj))


def _restore(cls: type, state: dict):
    obj = cls.__new__(cls)
    _apply_state(obj, state)
    return obj


def _apply_state(obj, state: dict) -> None:
    setstate = getattr(obj, "netlab_restore", None)
    if setstate:
        setstate(state)
    else:
        obj.__dict__.update(state)


_DUNDERS = {
    "__eq__": operator.eq, "__ne__": operator.ne, "__lt__": operator.lt,
    "__le__": operator.le, "__gt__": operator.gt, "__ge__": operator.ge,
    "__hash__": hash, "__len__": len, "__iter__": iter, "__next__": next,
    "__getitem__": operator.getitem, "__setitem__": operator.setitem,
    "__contains__": lambda a, b: b in a, "__bool__": bool, "__repr__": repr,
    "__str__": str, "__int__": int, "__index__": operator.index,
    "__bytes__": bytes, "__float__": float,
}


class _Checkpoint:
    baseline = None
    # Exceptions raised here whose stand-ins may still live in the pytest process.
    held: dict[int, BaseException] = {}


def _checkpoint(first_look: bool = False) -> list[str] | None:
    """In the host: the leak guard's findings since the last checkpoint.

    On a `first_look` at something that looks left behind while exceptions
    are still held: None, so the pytest process collects its garbage (dead
    stand-ins let their exceptions go, as the student-mode leak guard's
    gc.collect() frees them) and asks again."""
    before = _Checkpoint.baseline
    if first_look and before and _Checkpoint.held and \
            not leaks._looks_clean(before, leaks.snapshot()):
        return None
    problems = leaks.check(before) if before else []
    _Checkpoint.baseline = leaks.snapshot()
    return problems


def _perform(op: str, target, args, kwargs):
    if op == "checkpoint":
        return _checkpoint(*args)
    if op == "ready":
        return None
    if op == "describe":
        return _describe(*args)
    if op == "call":
        return target(*args, **kwargs)
    if op == "getattr":
        value = getattr(target, args[0])
        if inspect.ismethod(value) and value.__self__ is target and _from_submission(target):
            return _MethodMarker()
        return value
    if op == "setattr":
        setattr(target, args[0], args[1])
        return None
    if op == "method":
        if args[0] in _DUNDERS:
            return _DUNDERS[args[0]](target, *args[1:])
        return getattr(target, args[0])(*args[1:], **kwargs)
    raise ValueError(f"unknown operation {op!r}")


HOST_FD_BASE = 900   # the host's own descriptors live up here


def _keep_to_itself(channel: socket.socket) -> socket.socket:
    """In a new host: close every descriptor inherited from the pytest process
    (its sockets, xdist's pipes are not the submission's business) but stdio
    and the sandbox's result pipe, and move the channel up, so a socket the
    pytest process sends can keep its number here (describe_socket shows it).
    The submission's print() then writes to descriptors 1 and 2, which pytest
    captures (sys.stdout was one of pytest's capture files, closed here)."""
    from . import sandbox
    moved = socket.socket(fileno=os.dup2(channel.fileno(), HOST_FD_BASE))
    channel.close()
    sandbox.move_result_fd(HOST_FD_BASE + 1)
    keep = {0, 1, 2, HOST_FD_BASE, HOST_FD_BASE + 1}
    for name in os.listdir("/proc/self/fd"):
        if int(name) not in keep:
            try:
                os.close(int(name))
            except OSError:
                pass
    for fd, name in ((1, "stdout"), (2, "stderr")):   # as pytest's EncodedFile writes
        setattr(sys, name, open(fd, "w", encoding="utf-8", errors="replace",
                                closefd=False))
    return moved


def _host_main(topic: str, channel: socket.socket) -> None:
    """The host loop: import the topic, then answer calls until EOF."""
    channel = _keep_to_itself(channel)
    objects: dict[int, object] = {}

    def keep(obj) -> int:
        objects[id(obj)] = obj
        return id(obj)

    held = _Checkpoint.held
    impl.load(topic)
    _checkpoint()
    while True:
        try:
            payload, fds = _recv(channel)
        except EOFError:
            return
        unpickler = _HostUnpickler(io.BytesIO(payload), objects, fds)
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")   # the pytest process filters them
            try:
                op, target, args, kwargs, released = unpickler.load()
                # Released first: what their frames held is closed (and warns)
                # now, before the leak guard or anything else looks.
                if [held.pop(ref, None) for ref in released]:
                    gc.collect(1)   # a traceback's frames often form young cycles
                result = ("ok", _perform(op, target, args, kwargs))
            except BaseException as exc:  # noqa: BLE001 - everything goes back
                held[id(exc)] = exc
                result = ("raise", exc, _origin(exc),
                          "".join(traceback.format_exception(exc)), id(exc))
            sync = ([(s.fileno() < 0, s.gettimeout() if s.fileno() >= 0 else None)
                     for s in unpickler.sockets],
                    [_state_of(o) for o in unpickler.synced])
            out_fds: list = []
            buffer = io.BytesIO()
            try:
                _ChildPickler(buffer, keep=keep, fds=out_fds).dump((result, sync))
            except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable exception
                out_fds, buffer = [], io.BytesIO()
                problem = TypeError(f"the result could not be sent back: {exc}")
                _ChildPickler(buffer, keep=keep, fds=out_fds).dump(
                    (("raise", problem, None, "", None), sync))
            # Nothing else of this call stays referenced: what the garbage
            # collector closes now warns ("unclosed socket") with the call's
            # other warnings, as it would in the pytest process.
            result = target = args = kwargs = None
        _ChildPickler(buffer, keep=keep).dump(
            [(w.category, str(w.message), w.filename, w.lineno) for w in warned])
        for stream in (sys.stdout, sys.stderr):   # printed before the call returned
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        _send(channel, buffer.getvalue(), out_fds)
        for sock in [*unpickler.sockets, *out_fds]:
            if sock.fileno() >= 0:
                sock.close()
        sync = unpickler = buffer = out_fds = warned = None


def _origin(exc: BaseException) -> str | None:
    """'topic.function' of the innermost frame of the submission."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        name = tb.tb_frame.f_globals.get("__name__", "")
        if name.split(".")[0] == impl.ALIAS:
            found = f"{name.rsplit('.', 1)[-1]}.{tb.tb_frame.f_code.co_qualname}"
        tb = tb.tb_next
    return found


def _describe(topic: str, path: str) -> dict:
    """In the host: what `topic.path` is, as the pytest process needs it."""
    obj = _resolve(topic, path)
    ours = (getattr(obj, "__module__", "") or "").split(".")[0] == impl.ALIAS
    if isinstance(obj, type) and ours:
        if issubclass(obj, BaseException):
            return {"kind": "exception-class", "qualname": obj.__qualname__,
                    "bases": _stdlib_bases(obj)}
        return {"kind": "class", "qualname": obj.__qualname__}
    if callable(obj) and ours:
        return {"kind": "callable", "qualname": getattr(obj, "__qualname__", path)}
    return {"kind": "value", "value": obj}


class HostDied(AssertionError):
    """The process running the submission's code ended during a call."""


class Host:
    """One topic's host for the current check, seen from the pytest process."""

    def __init__(self, topic: str):
        from .sandbox import Sandbox
        self.topic = topic
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.box = Sandbox(_host_main, (topic, theirs))
        finally:
            theirs.close()
        self.channel = ours
        self.lock = threading.Lock()
        self.broken = False
        self.used = False     # since the last checkpoint
        self.released: list[int] = []   # held exceptions whose stand-ins died
        self.described: dict[str, dict] = {}   # topic attribute -> what it is
        while self.box.worker_pid is None and not self.box.done:   # bounded by its death
            self.box.pump(0.05)
        leaks.HARNESS_PIDS.add(self.box.supervisor_pid)
        leaks.HARNESS_FDS.update(self._fds())

    def _fds(self) -> set[int]:
        return {self.channel.fileno(), self.box._results.fd, self.box._status.fd}

    def request(self, what: str, op: str, target, args=(), kwargs=None):
        if self.broken:
            raise HostDied(msg("host_gone", what=what, topic=self.topic))
        self.used = True
        with self.lock:
            released, self.released = self.released, []
            payload, sockets, synced = _encode((op, target, args, kwargs or {}, released))
            try:
                _send(self.channel, payload, sockets)
                data, fds = _recv(self.channel)
            except BaseException as exc:
                self.broken = True
                if isinstance(exc, (EOFError, OSError)):
                    raise HostDied(self._death(what)) from None
                self.close()   # a deadline or an interrupt: the call is abandoned
                raise
        stream = io.BytesIO(data)
        result, sync = SafeUnpickler(stream, refs=self, fds=fds).load()
        warned = SafeUnpickler(stream, refs=self).load()
        for sock, (closed, timeout) in zip(sockets, sync[0]):
            if closed:
                sock.close()
            elif sock.gettimeout() != timeout:
                sock.settimeout(timeout)
        for obj, state in zip(synced, sync[1]):
            _apply_state(obj, state)
        for category, text, filename, lineno in warned:   # as if raised here
            if not (isinstance(category, type) and issubclass(category, Warning)):
                category = UserWarning
            warnings.warn_explicit(text, category, filename, lineno)
        if result[0] == "ok":
            return result[1]
        _, exc, origin, trace, ref = result
        if ref is not None:
            exc._netlab_held = _Held(self, ref)
        if origin and isinstance(exc, NotImplementedError):
            exc.netlab_origin = origin
        if trace:
            exc.add_note("raised in the sealed process:\n" + trace.rstrip())
        raise exc

    def _death(self, what: str) -> str:
        from .sandbox import _exit_text
        self.box.wait(2.0)
        status = self.box.exit[1] if self.box.exit else None
        self.close()
        return msg("host_died", what=what, status=_exit_text(status))

    def cpu_seconds(self) -> float:
        import psutil
        try:
            times = psutil.Process(self.box.worker_pid).cpu_times()
            return times.user + times.system + times.children_user + times.children_system
        except (psutil.Error, TypeError, ValueError):
            return 0.0

    def close(self) -> None:
        leaks.HARNESS_PIDS.discard(self.box.supervisor_pid)
        leaks.HARNESS_FDS.difference_update(self._fds())
        try:
            self.channel.close()
        finally:
            self.box.close()


class _Held:
    """Kept by an exception that came from a host: when the exception dies,
    the next request tells the host to let its own copy go."""

    def __init__(self, host_: Host, ref: int):
        self.host, self.ref = host_, ref

    def __del__(self):
        self.host.released.append(self.ref)

    def __reduce__(self):   # an exception sent back to a host leaves it behind
        return (type(None), ())


class _Encoder(pickle.Pickler):
    """Pickles a request; sockets and fakes are set aside to cross separately."""

    def __init__(self, file):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.sockets: list[socket.socket] = []
        self.synced: list = []

    def persistent_id(self, obj):
        if isinstance(obj, _PLAIN):
            return None
        if isinstance(obj, Remote):
            return obj._netlab_ref
        if isinstance(obj, RemoteFunction):
            return ("attr", obj._netlab_topic, obj._netlab_path)
        if isinstance(obj, type) and obj.__dict__.get("__netlab_standin__"):
            return ("attr", obj.__module__.rsplit(".", 1)[-1], obj.__qualname__)
        if isinstance(obj, socket.socket) and obj.fileno() >= 0:
            self.sockets.append(obj)
            return ("fd", len(self.sockets) - 1, obj.family, obj.type, obj.proto,
                    obj.gettimeout(), obj.fileno())
        if isinstance(obj, memoryview):
            return ("memoryview", obj.tobytes(), obj.readonly)
        if getattr(type(obj), "netlab_synced", False):
            self.synced.append(obj)
            return ("synced", type(obj), _state_of(obj))
        return None


def _encode(message) -> tuple[bytes, list, list]:
    buffer = io.BytesIO()
    encoder = _Encoder(buffer)
    encoder.dump(message)
    return buffer.getvalue(), encoder.sockets, encoder.synced


def host(topic: str) -> Host:
    """The host for `topic`: one per topic for the whole run, as the module is
    imported once in student mode; a new one after a host died."""
    current = _State.hosts.get(topic)
    if current is None or current.broken:
        if current is not None:
            current.close()
        current = _State.hosts[topic] = Host(topic)
    return current


def end_check() -> list[str]:
    """After a check: what it left behind inside the hosts (descriptors,
    threads, processes, as the leak guard says it in student mode), cleaned
    up there. A host that died or hangs is replaced at its next use."""
    impl.used_in_check(forget=True)
    problems: list[str] = []
    for topic, h in list(_State.hosts.items()):
        if h.broken:
            h.close()
            del _State.hosts[topic]
            continue
        if not h.used:
            continue
        try:
            found = h.request("the leak guard", "checkpoint", None, (True,))
            if found is None:
                gc.collect()   # stand-ins in reference cycles release their exceptions
                found = h.request("the leak guard", "checkpoint", None)
            problems += found
            h.used = False
        except BaseException:  # noqa: BLE001 - a broken host is replaced
            h.close()
            _State.hosts.pop(topic, None)
    return problems


def close_hosts() -> None:
    """End every host (at the end of the run)."""
    hosts, _State.hosts = _State.hosts, {}
    for h in hosts.values():
        h.close()


def runs_in(handle):
    """The process the implementation's `handle` topic runs in, as a
    psutil.Process: the pytest process in student mode, the topic's host in a
    sealed run. For checks that measure the implementation's own CPU time,
    descriptors or threads."""
    import psutil
    if not in_verdict_process():
        return psutil.Process()
    running = host(handle._name)
    # One round trip: a new host has set itself up (closed what it inherited)
    # before a check takes its baseline.
    running.request(f"runs_in({handle._name})", "ready", None)
    return psutil.Process(running.box.worker_pid)


# -- what checks hold --------------------------------------------------------------

class RemoteFunction:
    """A function of the submission, called in the host."""

    def __init__(self, topic: str, path: str, qualname: str):
        self._netlab_topic = topic
        self._netlab_path = path
        self.__module__ = f"{impl.ALIAS}.{topic}"
        self.__qualname__ = qualname
        self.__name__ = qualname.rsplit(".", 1)[-1]

    def __call__(self, *args, **kwargs):
        if not in_verdict_process():   # a forked sandbox child: the real thing
            return _resolve(self._netlab_topic, self._netlab_path)(*args, **kwargs)
        return host(self._netlab_topic).request(
            f"{self._netlab_topic}.{self._netlab_path}()", "call", self, args, kwargs)

    def __reduce__(self):
        return (remote_attr, (self._netlab_topic, self._netlab_path))

    def __repr__(self) -> str:
        return f"<sealed {self._netlab_topic}.{self._netlab_path}>"


def remote_attr(topic: str, path: str):
    """`topic.path` of the submission, as the pytest process may hold it."""
    if not in_verdict_process():
        return _resolve(topic, path)
    running = host(topic)
    info = running.described.get(path)
    if info is None:
        try:
            info = running.request(f"{topic}.{path}", "describe", None, (topic, path))
        except AttributeError:
            where = impl.display_path(str(impl.folder() / f"{topic}.py"))
            raise impl.ImplementationError(msg("missing_attr", path=where, attr=path,
                                               topic=topic)) from None
    kind = info["kind"]
    if kind != "value":   # functions and classes stay; data is read each time
        running.described[path] = info
    module = f"{impl.ALIAS}.{topic}"
    if kind == "value":
        return info["value"]
    if kind == "exception-class":
        return standin(module, info["qualname"], info["bases"])
    if kind == "class":
        return standin_class(module, info["qualname"])
    return RemoteFunction(topic, path, info["qualname"])


class Remote:
    """An object of the submission that lives in the host."""

    __slots__ = ("_netlab_host", "_netlab_ref", "_netlab_text", "_netlab_type")

    def __init__(self, host_: Host, ref, text: str, type_path):
        object.__setattr__(self, "_netlab_host", host_)
        object.__setattr__(self, "_netlab_ref", ref)
        object.__setattr__(self, "_netlab_text", text)
        object.__setattr__(self, "_netlab_type", tuple(type_path))

    def _netlab_do(self, op: str, *args, **kwargs):
        what = f"{self._netlab_type[1]}.{args[0] if args else op}"
        return self._netlab_host.request(what, op, self, args, kwargs)

    def __getattr__(self, name: str):
        if name.startswith("_netlab"):
            raise AttributeError(name)
        if name in _METHODS.get(self._netlab_type, ()):
            return _BoundRemote(self, name)       # one trip for the call, not two
        value = self._netlab_do("getattr", name)
        if isinstance(value, _MethodMarker):
            _METHODS.setdefault(self._netlab_type, set()).add(name)
            return _BoundRemote(self, name)
        return value

    def __setattr__(self, name: str, value) -> None:
        self._netlab_do("setattr", name, value)

    def __call__(self, *args, **kwargs):
        return self._netlab_host.request(f"{self._netlab_type[1]}()", "call",
                                         self, args, kwargs)

    @property
    def __class__(self):
        return standin_class(*self._netlab_type)


_METHODS: dict[tuple, set[str]] = {}   # (module, class) -> names that are methods


class _MethodMarker:
    """What the host sends for a bound method of one of the submission's objects."""


class _BoundRemote:
    """A method of a Remote object: calling it is one trip to the host."""

    def __init__(self, remote: Remote, name: str):
        self._remote, self._name = remote, name

    def __call__(self, *args, **kwargs):
        return self._remote._netlab_do("method", self._name, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<sealed method {self._remote._netlab_type[1]}.{self._name}>"


def _forward(name: str):
    def method(self, *args):
        return self._netlab_do("method", name, *args)
    method.__name__ = name
    return method


for _name in _DUNDERS:
    setattr(Remote, _name, _forward(_name))
Remote.__enter__ = _forward("__enter__")
Remote.__exit__ = _forward("__exit__")


class _RemoteClass(type):
    """Metaclass of the stand-ins for the submission's (non-exception) classes:
    calling one constructs the object in the host; isinstance() recognises
    Remote objects of that class; class attributes are read in the host."""

    def __call__(cls, *args, **kwargs):
        topic, path = cls._netlab_topic, cls.__qualname__
        if not in_verdict_process():
            return _resolve(topic, path)(*args, **kwargs)
        return host(topic).request(f"{topic}.{path}()", "call", cls, args, kwargs)

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, Remote) and obj._netlab_type == (cls.__module__,
                                                                 cls.__qualname__)

    def __getattr__(cls, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return remote_attr(cls._netlab_topic, f"{cls.__qualname__}.{name}")


def standin_class(module: str, qualname: str) -> type:
    """The pytest-side stand-in for the submission's class `module.qualname`."""
    key = ("class", module, qualname)
    if key not in _State.standins:
        _State.standins[key] = _RemoteClass(qualname.rsplit(".", 1)[-1], (), {
            "__module__": module, "__qualname__": qualname,
            "__netlab_standin__": True, "_netlab_topic": module.rsplit(".", 1)[-1]})
    return _State.standins[key]


# -- sandbox children of a sealed run ----------------------------------------------

def prepare_child(fn) -> None:
    """In a sandbox child, before `fn` runs. In a sealed run: the reference
    hidden, and (but in a host, which imports only its own topic) the topics
    the current check uses imported, as a child forked in student mode finds
    them: a check may drop privileges or change directory before its child
    first calls the implementation."""
    if not _State.enabled:
        return
    hide_reference()
    if fn is _host_main:
        return
    for name in sorted(impl.used_in_check()):
        try:
            impl.load(name)
        except impl.ImplementationError:
            pass   # the check meets it when it calls the implementation


# -- hiding the reference ---------------------------------------------------------

CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_REC, MS_PRIVATE = 1, 0x4000, 1 << 18


def hide_reference() -> None:
    """In a sandbox child of a sealed run: an empty read-only tmpfs over the
    reference solutions, in a mount namespace of its own (root only; the
    grading layout, which leaves solutions/ out, covers the rest)."""
    path = _State.reference_dir
    if not (_State.enabled and path and os.path.isdir(path) and os.geteuid() == 0):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNS) != 0:
        return
    libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None)
    libc.mount(b"tmpfs", os.fsencode(path), b"tmpfs", MS_RDONLY, b"size=4k")
