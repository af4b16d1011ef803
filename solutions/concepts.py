"""Concepts: layers, protocols, process states, and where time goes.

Networking exists to move information between machines and share resources.
The work is split into layers, each using the one below it (the OSI model has
seven; the Internet's TCP/IP model merges them into four or five). A
*protocol* is the set of rules two peers of one layer agree on: HTTP between
browser and web server, TCP between the two ends of a connection, IP between
routers, Ethernet on one link.

Programs that talk over a network are *processes*, and the operating system
moves each process through states. The five-state model:

                admitted          scheduled
        new ------------> ready ------------> running --------> terminated
                          ^  ^   preempted     |  |     exits
                          |  +-----------------+  |
                          |                       | blocks
                          +------- waiting <------+
                           event done

- new -> ready: the process has been created and admitted;
- ready -> running: the scheduler gives it the CPU (a time slice);
- running -> ready: its time slice ends (it is preempted);
- running -> waiting: it blocks (a ``recv`` with no data, a ``sleep``);
- waiting -> ready: the event it waited for happened (data arrived). It goes
  back to *ready*, never straight to running: it must be scheduled again;
- running -> terminated: it exits.

Concurrency (并发) is several tasks making progress by taking turns on one
CPU; parallelism (并行) is several tasks running at the same instant on
several cores. In CPython, threads of one process take turns holding the
GIL, so two CPU-hungry threads are concurrent, not parallel.

How to tell an IO-bound program from a CPU-bound one: compare the CPU time
it used with the wall-clock time it took. ``time.process_time()`` counts the
CPU time of the whole process (every thread, user and system), and does not
advance while the process sleeps or waits for I/O; ``time.perf_counter()``
is a monotonic clock for elapsed time. ``time.time()`` is the calendar clock
(it can jump), and ``time.thread_time()`` counts only the calling thread.

中文概述: 本主题对应笔记开头的基础概念。网络的目的是信息的传输与资源共享；OSI
七层模型从上到下是应用层、表示层、会话层、传输层、网络层、数据链路层、物理层，
每层各司其职（高内聚低耦合）；协议是通信双方在同一层约定的规则（HTTP、DNS、TCP、
UDP、IP ...）。笔记里的"连表层"应为"数据链路层"（ARP、以太网、PPP 属于这一层），
IEEE 802.3、RS-232 这类接口标准属于物理层。进程的五态模型：新建、就绪、运行、
等待（阻塞）、终止；注意等待态的进程事件完成后先回到就绪态，不能直接进入运行态，
一个状态也不能"转移"到它自己。并发是多个任务在一个核心上轮流占用 CPU 时间片，
并行是多个核心同时执行；CPython 的线程因为 GIL 只能并发。判断 IO 密集还是
CPU 密集，要比较进程消耗的 CPU 时间（time.process_time，统计所有线程）和实际
经过的时间（time.perf_counter）：等待 IO 的时候不消耗 CPU。
"""
# Strategy: the facts are data (a dict of protocols, a set of allowed state
# pairs); the functions validate their input and look the answer up.
import time

OSI_LAYERS: tuple[str, ...] = (
    "application", "presentation", "session", "transport", "network",
    "data link", "physical",
)
"""The seven OSI layers, top (application, 7) to bottom (physical, 1)."""

_LAYER_OF = {
    **dict.fromkeys(("http", "https", "ftp", "tftp", "dns", "smtp", "ssh",
                     "telnet", "dhcp"), "application"),
    "tls": "presentation",
    **dict.fromkeys(("tcp", "udp"), "transport"),
    **dict.fromkeys(("ip", "ipv4", "ipv6", "icmp"), "network"),
    **dict.fromkeys(("arp", "ethernet", "ppp"), "data link"),
    **dict.fromkeys(("ieee 802.3", "rs-232"), "physical"),
}

_STATES = ("new", "ready", "running", "waiting", "terminated")

_TRANSITIONS = {
    ("new", "ready"),           # admitted
    ("ready", "running"),       # scheduled: gets a time slice
    ("running", "ready"),       # preempted: the time slice ended
    ("running", "waiting"),     # blocks on I/O or an event
    ("waiting", "ready"),       # the event happened: ready again, not running
    ("running", "terminated"),  # exits
}


def layer_of(protocol: str) -> str:
    """The OSI layer a protocol belongs to.

    The name is matched case-insensitively ("http", "HTTP" and "Http" are
    the same protocol). Known protocols, at least:

    - "application": HTTP, HTTPS, FTP, TFTP, DNS, SMTP, SSH, TELNET, DHCP
    - "presentation": TLS
    - "transport": TCP, UDP
    - "network": IP, IPv4, IPv6, ICMP
    - "data link": ARP, Ethernet, PPP
    - "physical": IEEE 802.3, RS-232

    Args:
        protocol: the protocol's name, e.g. "TCP" or "IEEE 802.3".

    Returns:
        The layer's name exactly as it appears in ``OSI_LAYERS`` (lower
        case, "data link" with a space).

    Raises:
        TypeError: ``protocol`` is not a str (the message names it).
        LookupError: the protocol is not known (the message names it).
    """
    if not isinstance(protocol, str):
        raise TypeError(f"protocol must be a str, got {protocol!r}")
    try:
        return _LAYER_OF[protocol.lower()]
    except KeyError:
        raise LookupError(f"unknown protocol: {protocol!r}") from None


def _check_state(state) -> None:
    if not isinstance(state, str):
        raise TypeError(f"a process state must be a str, got {state!r}")
    if state not in _STATES:
        raise ValueError(f"unknown process state {state!r}; the states are "
                         + ", ".join(_STATES))


def can_transition(src: str, dst: str) -> bool:
    """Whether the five-state process model allows the move ``src -> dst``.

    The states are "new", "ready", "running", "waiting" and "terminated"
    (exactly these lower-case names). The allowed transitions are:
    new -> ready, ready -> running, running -> ready (the time slice ends),
    running -> waiting (the process blocks), waiting -> ready (the event it
    waited for happened) and running -> terminated. Everything else is
    False, including a state to itself and waiting -> running.

    Args:
        src: the state the process is in.
        dst: the state it would move to.

    Returns:
        True when the transition is allowed, else False.

    Raises:
        TypeError: ``src`` or ``dst`` is not a str.
        ValueError: ``src`` or ``dst`` is not one of the five state names
            ("Running" and "blocked" are not); the message names the value.
            Both arguments are checked before anything is answered.
    """
    _check_state(src)
    _check_state(dst)
    return (src, dst) in _TRANSITIONS


def measure(fn, *args) -> tuple[float, float]:
    """Call ``fn(*args)`` once and say how much CPU time and real time it took.

    CPU time is the process CPU time (``time.process_time()``: user plus
    system time of *all* threads of the process, not advancing while the
    process sleeps or waits for I/O). Wall time is the elapsed time on a
    monotonic clock (``time.perf_counter()``). Each is the difference between
    a reading just before the call and one just after it.

    Args:
        fn: any callable; its return value is discarded.
        *args: the positional arguments for ``fn``.

    Returns:
        ``(cpu_seconds, wall_seconds)`` as floats. A sleep gives a CPU time
        near 0; a computation in one thread gives a CPU time close to (at
        most about) its wall time; CPU-bound work in two threads adds up the
        CPU time of both.

    Raises:
        Whatever ``fn`` raises propagates.
    """
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    fn(*args)
    return time.process_time() - cpu_start, time.perf_counter() - wall_start


def classify_workload(cpu_seconds: float, wall_seconds: float) -> str:
    """Classify a run as CPU-bound (CPU密集) or IO-bound (IO密集).

    A run is "cpu-bound" when it spent at least half of its wall time on the
    CPU (``cpu_seconds >= wall_seconds / 2``, exactly half included), and
    "io-bound" otherwise (it mostly waited). ``cpu_seconds`` may exceed
    ``wall_seconds``: several threads or cores add up.

    Args:
        cpu_seconds: CPU time used, >= 0.
        wall_seconds: elapsed time, > 0.

    Returns:
        "cpu-bound" or "io-bound".

    Raises:
        ValueError: ``wall_seconds <= 0`` or ``cpu_seconds < 0`` (the message
            names the value).
    """
    if wall_seconds <= 0:
        raise ValueError(f"wall_seconds must be > 0, got {wall_seconds!r}")
    if cpu_seconds < 0:
        raise ValueError(f"cpu_seconds must be >= 0, got {cpu_seconds!r}")
    return "cpu-bound" if cpu_seconds >= wall_seconds / 2 else "io-bound"
