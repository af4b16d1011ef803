"""Start one grading run (a pytest process) fenced off from the machine.

    python -S jail.py CONFIG_JSON -- COMMAND...

Run by the batch grader (harness/grade.py) as a script, stdlib only, so it
starts fast. CONFIG_JSON (a JSON object) says what to do:

    "namespaces": true    a PID and a mount namespace of their own (root on
                          Linux): the run sees only its own processes; /tmp and
                          /dev/shm are fresh size-capped tmpfs; every mount is
                          read-only except the folders in "writable"; the
                          folders in "hide" are covered by an empty read-only
                          tmpfs (then "writable" and "readable" are mounted
                          back, so they may lie inside a hidden folder); the
                          command runs without the capabilities that would
                          undo any of it ("drop_caps"). When the run's
                          first process ends, the kernel kills every other one
                          and the tmpfs mounts vanish: nothing is left behind.
    "tmp_bytes": N        the size of those tmpfs mounts
    "rlimits": {"NOFILE": n, "AS": n, "CPU": n, "FSIZE": n, ...}  hard and
                          soft limits (RLIMIT_<name>) for the command
    "cgroup": PATH        a pids cgroup directory the command is moved into
    "devices_cgroup": PATH  a devices cgroup directory, likewise (then the
                          writable mounts need not be nodev)
    "drop_caps": true     as root, run the command without the capabilities in
                          DROPPED_CAPS (required with namespaces; elsewhere
                          done when the system allows it)
    "cwd": PATH           where the command runs

Without "namespaces" the command is exec'd in place (with the limits and the
cgroup; the grader started this in a new session): the grader then finds and
kills its processes itself.

Exit status: the command's (128 + N when killed by signal N); 125 when the
fence could not be set up (the reason on stderr).
"""
import ctypes
import json
import os
import signal
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWPID = 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_CAPBSET_DROP = 1, 24
# Capabilities the graded run must not have: they would let root undo the
# fence (mounts, namespaces, raising hard limits), reach other processes'
# memory, or touch the machine (modules, clock, devices, network setup).
DROPPED_CAPS = {
    "NET_ADMIN": 12, "SYS_MODULE": 16, "SYS_RAWIO": 17, "SYS_CHROOT": 18,
    "SYS_PTRACE": 19, "SYS_PACCT": 20, "SYS_ADMIN": 21, "SYS_BOOT": 22,
    "SYS_RESOURCE": 24, "SYS_TIME": 25, "SYS_TTY_CONFIG": 26,
    "AUDIT_WRITE": 29, "AUDIT_CONTROL": 30, "MAC_OVERRIDE": 32, "MAC_ADMIN": 33,
    "SYSLOG": 34, "WAKE_ALARM": 35, "BLOCK_SUSPEND": 36, "PERFMON": 38,
    "BPF": 39, "CHECKPOINT_RESTORE": 40,
}
# Mounts left writable: the kernel's own views and the pids cgroup the
# sandbox makes its per-check groups in. /dev itself becomes read-only. Device
# nodes a check makes (CAP_MKNOD stays: one makes a /dev/null twin) are
# fenced by a devices cgroup that allows a few harmless character devices
# only, or, without one, by mounting every writable place nodev.
KEEP_WRITABLE = ("/proc", "/dev/pts", "/sys/fs/cgroup/pids")
FAILED = 125

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source, target, fstype, flags, data=None) -> None:
    enc = lambda s: None if s is None else os.fsencode(s)   # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags),
                       enc(data)), f"mount {target}")


def _mount_points() -> list[tuple[str, int]]:
    """(mount point, its flags as MS_*) of every mount, from mountinfo."""
    names = {"ro": MS_RDONLY, "nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC}
    points = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            point = fields[4].encode().decode("unicode_escape")
            flags = 0
            for option in fields[5].split(","):
                flags |= names.get(option, 0)
            points.append((point, flags))
    return points


def _under(path: str, roots) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def _fence(config: dict) -> None:
    """In the new namespaces (as their first process): the mounts."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)          # nothing leaks out
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    writable = [os.path.realpath(p) for p in config.get("writable", ())]
    readable = [os.path.realpath(p) for p in config.get("readable", ())]
    # Handles on what must stay reachable, taken before anything is covered
    # (they may even lie under /tmp).
    handles = [(p, os.open(p, os.O_PATH | os.O_DIRECTORY), rw)
               for rw, paths in ((True, writable), (False, readable)) for p in paths]
    nodev = 0 if config.get("devices_cgroup") else MS_NODEV
    size = f"size={int(config.get('tmp_bytes', 512 << 20))},mode=1777"
    for path in ("/tmp", "/dev/shm"):
        if os.path.isdir(path):
            _mount("tmpfs", path, "tmpfs", MS_NOSUID | nodev, size)
    for path in config.get("hide", ()):
        if os.path.isdir(path):
            _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=755")
    for path, fd, rw in handles:
        os.makedirs(path, exist_ok=True)          # inside a hiding tmpfs, if any
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        os.close(fd)
        if rw:
            _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_NOSUID | nodev)
    keep = [*KEEP_WRITABLE, "/tmp", "/dev/shm", *writable]
    for point, flags in _mount_points():
        if _under(point, keep):
            continue
        try:   # MS_BIND: only this mount's flags change, never the filesystem's
            _mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)
        except OSError:
            if point in ("/", *readable):
                raise


def _join(cgroup: str | None) -> None:
    if cgroup:
        with open(os.path.join(cgroup, "cgroup.procs"), "w") as f:
            f.write("0")


def _limit(config: dict) -> None:
    """In the command's process, before exec: cgroup, limits, capabilities."""
    import resource
    _join(config.get("cgroup"))
    for name, value in (config.get("rlimits") or {}).items():
        which = getattr(resource, f"RLIMIT_{name}")
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value))
    if config.get("drop_caps") and os.geteuid() == 0:
        try:
            with open("/proc/sys/kernel/cap_last_cap") as f:
                last = int(f.read())
        except (OSError, ValueError):
            last = 40
        for cap in DROPPED_CAPS.values():
            if cap <= last and _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 \
                    and config.get("namespaces"):   # there the fence depends on it
                _check(-1, f"drop capability {cap}")
    if config.get("cwd"):
        os.chdir(config["cwd"])


def _exec(config: dict, command: list[str]) -> None:
    try:
        _limit(config)
        os.execvp(command[0], command)
    except BaseException as exc:  # noqa: BLE001 - report and leave
        print(f"jail: {exc}", file=sys.stderr, flush=True)
    os._exit(FAILED)


def _status(raw: int) -> int:
    code = os.waitstatus_to_exitcode(raw)
    return 128 - code if code < 0 else code


def _init(config: dict, command: list[str]) -> None:
    """The namespace's first process: fence, start the command, reap
    everything until the command ends, then leave (which ends the rest)."""
    try:
        _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl")
        _join(config.get("devices_cgroup"))   # before its folder turns read-only
        _fence(config)
        child = os.fork()
    except BaseException as exc:  # noqa: BLE001
        print(f"jail: {exc}", file=sys.stderr, flush=True)
        os._exit(FAILED)
    if child == 0:
        os.setsid()
        _exec(config, command)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    while True:   # PID 1 of the namespace: orphans come here
        try:
            pid, raw = os.wait()
        except ChildProcessError:
            os._exit(FAILED)
        if pid == child:
            os._exit(_status(raw))


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    config, command = json.loads(argv[0]), argv[2:]
    # If the grader dies, so does the run (and, with namespaces, all of it).
    parent = os.getppid()
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        return FAILED
    if not config.get("namespaces"):   # the grader started us in a new session
        _exec(config, command)
    try:
        _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID), "unshare")
        init = os.fork()
    except OSError as exc:
        print(f"jail: {exc}", file=sys.stderr, flush=True)
        return FAILED
    if init == 0:
        _init(config, command)

    def stop(signum, frame):   # the grader's budget ran out: end the namespace
        try:
            os.kill(init, signal.SIGKILL)
        except ProcessLookupError:
            pass
    signal.signal(signal.SIGTERM, stop)
    while True:
        try:
            _, raw = os.waitpid(init, 0)
            return _status(raw)
        except InterruptedError:
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
