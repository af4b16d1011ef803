"""Checks for topic 1, concepts: OSI layers, process states, CPU vs wall time.

Clause-to-check map (CURRICULUM.md section 1 and the general rules):

| clause | checks |
|---|---|
| layer_of: case-insensitive, every listed protocol to its layer, the layer's name as in OSI_LAYERS | test_layer_of_every_listed_protocol |
| layer_of: unknown → LookupError naming the value | test_layer_of_unknown_protocol |
| layer_of: non-str → TypeError | test_layer_of_rejects_non_str |
| can_transition: the six allowed moves, everything else False (self-moves, waiting→running included) | test_can_transition_all_25_pairs |
| can_transition: states are the exact lower-case names ("Running" → ValueError) | test_can_transition_names_are_exact |
| can_transition: any other str → ValueError naming it, in either argument | test_can_transition_unknown_state |
| can_transition: non-str → TypeError | test_can_transition_rejects_non_str |
| measure: a sleep costs no CPU, wall ≥ the sleep | test_measure_sleep |
| measure: calls fn(*args) once; a computation costs CPU | test_measure_computation |
| measure: CPU is process time, all threads (not thread_time, not wall time) | test_measure_counts_both_threads |
| classify_workload: cpu >= wall/2 is cpu-bound, exactly at the boundary | test_classify_workload_boundaries, test_classify_workload_rule |
| classify_workload: wall <= 0 or cpu < 0 → ValueError naming the value | test_classify_workload_rejects_bad_times |
| general: bad input → the documented exception naming the value | the rejects_/unknown_ checks above |
| general: every call that may block is bounded | every call runs under deadline() |
| general: threads a check starts are joined (leak guard) | test_measure_counts_both_threads joins its two threads inside fn |

The general rules about sockets (caller's mode and timeout, closing,
descriptors) do not apply: this topic takes no sockets.

The oracles are the contract's own tables (written out here, never read
from the implementation) and the clocks themselves: the work a check asks
``measure`` to time is sized by ``time.thread_time``, so CPU time is known
however loaded the machine is, and only wall time grows with the load.
"""
import math
import threading
import time

import pytest
from hypothesis import given, strategies as st

from harness import deadline, expect_raises, topic

concepts = topic("concepts")

QUICK = 1.0   # seconds for a pure function
TIMED = 20.0  # seconds for a measure() call on a (possibly loaded) machine

LAYERS = ("application", "presentation", "session", "transport", "network",
          "data link", "physical")

PROTOCOLS = {
    "HTTP": "application", "HTTPS": "application", "FTP": "application",
    "TFTP": "application", "DNS": "application", "SMTP": "application",
    "SSH": "application", "TELNET": "application", "DHCP": "application",
    "TLS": "presentation",
    "TCP": "transport", "UDP": "transport",
    "IP": "network", "IPv4": "network", "IPv6": "network", "ICMP": "network",
    "ARP": "data link", "Ethernet": "data link", "PPP": "data link",
    "IEEE 802.3": "physical", "RS-232": "physical",
}

STATES = ("new", "ready", "running", "waiting", "terminated")
ALLOWED = {("new", "ready"), ("ready", "running"), ("running", "ready"),
           ("running", "waiting"), ("waiting", "ready"), ("running", "terminated")}


def _names_value(exc: BaseException, value) -> bool:
    return repr(value) in str(exc)


def _spellings(name: str) -> list[str]:
    return sorted({name, name.lower(), name.upper(), name.swapcase(), name.title()})


# ---------------------------------------------------------------- layer_of

@pytest.mark.points(2)
def test_layer_of_every_listed_protocol():
    """layer_of maps every listed protocol, in any letter case, to its OSI layer.

    Hint: lower-case the name before looking it up (and write the table's
    keys in lower case too: "ipv4", "ethernet"); return the layer's name
    exactly as OSI_LAYERS spells it ("data link", with a space).

    中文: 检查 layer_of 对清单里的每个协议（大小写不限）都返回正确的 OSI 层。

    提示: 查表前先把名字转成小写，表里的键也要写成小写（"ipv4"、"ethernet"）；
    返回的层名要和 OSI_LAYERS 里的写法完全一样（"data link" 中间是空格）。
    TLS 属于表示层，ARP 属于数据链路层。
    """
    wrong = []
    with deadline(QUICK, "layer_of on the listed protocols"):
        for protocol, layer in PROTOCOLS.items():
            for spelling in _spellings(protocol):
                try:
                    got = concepts.layer_of(spelling)
                except LookupError as exc:
                    got = f"LookupError({exc})"
                if got != layer:
                    wrong.append(f"layer_of({spelling!r}) returned {got!r}, expected {layer!r}")
    assert not wrong, (
        f"{len(wrong)} wrong answers, e.g.:\n  " + "\n  ".join(wrong[:6])
        + "\nthe name is case-insensitive and the layer is one of " + repr(LAYERS))


@pytest.mark.parametrize("name", ["NOT-A-PROTOCOL", "xyzzy", "HTTP/9"])
def test_layer_of_unknown_protocol(name):
    """layer_of raises LookupError naming a protocol it does not know.

    Hint: dict[key] raises KeyError (a LookupError); dict.get returns None,
    which is not an answer. Name the protocol in the message.

    中文: 检查 layer_of 遇到不认识的协议时抛出 LookupError，并在消息里写出这个名字。

    提示: 用 dict[key] 查不到会抛 KeyError（它是 LookupError 的子类）；dict.get
    返回 None 并不是答案。异常消息要写出那个协议名。
    """
    call = f"layer_of({name!r})"
    with deadline(QUICK, call):
        exc = expect_raises(LookupError, call, concepts.layer_of, name)
    assert name in str(exc), (
        f"{call} raised {type(exc).__name__}({exc}); the message should name {name!r}")


@pytest.mark.parametrize("bad", [None, b"TCP", 6, ["TCP"]], ids=["None", "bytes", "int", "list"])
def test_layer_of_rejects_non_str(bad):
    """layer_of raises TypeError for a protocol that is not a str.

    Hint: check isinstance(protocol, str) first; calling .lower() on an int
    raises AttributeError, and b"TCP" is bytes, not a name.

    中文: 检查 layer_of 的参数不是 str 时抛出 TypeError。

    提示: 先用 isinstance(protocol, str) 判断类型；对整数调用 .lower() 会抛
    AttributeError，b"TCP" 是字节串，不是协议名。
    """
    call = f"layer_of({bad!r})"
    with deadline(QUICK, call):
        exc = expect_raises(TypeError, call, concepts.layer_of, bad)
    assert _names_value(exc, bad) or type(bad).__name__ in str(exc), (
        f"{call} raised TypeError({exc}); the message should name the value or its type")


# ---------------------------------------------------------------- can_transition

def _check_bad_state(src, dst) -> None:
    """can_transition(src, dst) must raise ValueError naming the state that is not one."""
    bad = src if src not in STATES else dst
    call = f"can_transition({src!r}, {dst!r})"
    with deadline(QUICK, call):
        exc = expect_raises(ValueError, call, concepts.can_transition, src, dst)
    assert _names_value(exc, bad), (
        f"{call} raised ValueError({exc}); the message should name {bad!r}")


@pytest.mark.points(3)
def test_can_transition_all_25_pairs():
    """can_transition answers all 25 pairs of the five-state model correctly.

    Hint: exactly six moves are allowed: new→ready, ready→running,
    running→ready, running→waiting, waiting→ready, running→terminated. A
    waiting process goes back to ready (it must be scheduled again), never
    straight to running; no state moves to itself.

    中文: 检查 can_transition 对五态模型的全部 25 种状态组合都判断正确。

    提示: 只有六种转换是允许的：新建→就绪、就绪→运行、运行→就绪（时间片用完）、
    运行→等待（阻塞）、等待→就绪（事件完成）、运行→终止。等待态的进程事件完成后
    先回到就绪态，不能直接进入运行态；任何状态都不能转移到它自己。
    """
    wrong = []
    with deadline(QUICK, "can_transition on the 25 pairs"):
        for src in STATES:
            for dst in STATES:
                got = concepts.can_transition(src, dst)
                expected = (src, dst) in ALLOWED
                if got is not expected:
                    wrong.append(f"can_transition({src!r}, {dst!r}) returned {got!r}, "
                                 f"expected {expected}")
    assert not wrong, (
        f"{len(wrong)} of 25 pairs wrong:\n  " + "\n  ".join(wrong)
        + "\nthe allowed moves are " + ", ".join(f"{a}→{b}" for a, b in sorted(ALLOWED)))


@pytest.mark.parametrize("src, dst", [
    ("Running", "waiting"), ("new", "READY"), ("Ready", "Running"), ("waiting", "Ready"),
])
def test_can_transition_names_are_exact(src, dst):
    """can_transition raises ValueError for a state name in the wrong case.

    Hint: the states are exactly the five lower-case names; "Running" is not
    one of them. Do not lower() the input: check it against the names.

    中文: 检查 can_transition 对大小写不对的状态名（如 "Running"）抛出 ValueError。

    提示: 状态名就是那五个小写的名字，"Running" 不是其中之一。不要先 lower()
    再比较，要直接对照这五个名字检查。
    """
    _check_bad_state(src, dst)


@pytest.mark.parametrize("src, dst", [
    ("blocked", "ready"), ("running", "zombie"), ("sleeping", "running"),
    ("terminated", "bogus"), ("", "ready"), ("new", " ready"),
])
def test_can_transition_unknown_state(src, dst):
    """can_transition raises ValueError naming an unknown state, in either argument.

    Hint: an unknown state is a mistake of the caller, not a forbidden move:
    check both names before answering, instead of returning False because
    the pair is not in the table.

    中文: 检查 can_transition 遇到不存在的状态（无论在哪个参数里）抛出 ValueError 并写出它。

    提示: 不存在的状态是调用者写错了，不是"不允许的转换"：先检查两个参数都是
    合法的状态名，再回答，不要因为这对状态不在表里就返回 False。
    """
    _check_bad_state(src, dst)


@pytest.mark.parametrize("src, dst", [(None, "ready"), ("running", 2), (b"new", "ready")],
                         ids=["None", "int", "bytes"])
def test_can_transition_rejects_non_str(src, dst):
    """can_transition raises TypeError when a state is not a str.

    Hint: check isinstance(state, str) for both arguments before anything
    else.

    中文: 检查 can_transition 的状态参数不是 str 时抛出 TypeError。

    提示: 在做任何事之前，先对两个参数都用 isinstance(state, str) 检查类型。
    """
    call = f"can_transition({src!r}, {dst!r})"
    with deadline(QUICK, call):
        expect_raises(TypeError, call, concepts.can_transition, src, dst)


# ---------------------------------------------------------------- measure

def _burn(seconds: float) -> None:
    """Use `seconds` of CPU time in the calling thread, however loaded the machine."""
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        sum(range(200))


def _burn_in_two_threads_then_sleep(per_thread: float, pause: float) -> None:
    threads = [threading.Thread(target=_burn, args=(per_thread,), name=f"netlab-burn-{i}")
               for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    time.sleep(pause)


def _logged_burn(log: str, seconds: float) -> None:
    """Note the call in the file `log`, then use `seconds` of CPU time.

    Module-level and counting through a file, so it works wherever measure
    runs (a sealed grading run calls it in another process)."""
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"{seconds!r}\n")
    _burn(seconds)


def _measure(*args) -> tuple[float, float]:
    with deadline(TIMED, f"measure{args!r}"):
        result = concepts.measure(*args)
    assert isinstance(result, tuple) and len(result) == 2 and all(
        isinstance(x, float) for x in result), (
        f"measure returned {result!r}; expected a tuple (cpu_seconds, wall_seconds) of two floats")
    return result


@pytest.mark.points(2)
def test_measure_sleep():
    """measure(time.sleep, 0.3) reports wall time >= 0.3 s and CPU time near 0.

    Hint: a sleeping process does not use the CPU: CPU time comes from
    time.process_time(), wall time from time.perf_counter(), each as the
    difference of a reading before and one after the call.

    中文: 检查 measure(time.sleep, 0.3) 返回的实际时间至少 0.3 秒，CPU 时间接近 0。

    提示: 进程睡眠（阻塞等待）时不占用 CPU。CPU 时间用 time.process_time()，
    实际经过的时间用 time.perf_counter()，都要取调用前后两次读数之差。
    """
    cpu, wall = _measure(time.sleep, 0.3)
    assert wall >= 0.3, (
        f"measure(time.sleep, 0.3) returned wall={wall!r}; a 0.3 s sleep takes at least 0.3 s "
        "(did you pass *args on to fn, and subtract the start from the end?)")
    assert 0 <= cpu < 0.15, (
        f"measure(time.sleep, 0.3) returned cpu={cpu!r}, wall={wall!r}; a sleep uses almost no "
        "CPU: CPU time must come from time.process_time() (a difference), not from a "
        "wall clock such as time.time() or time.perf_counter()")


def test_measure_computation(tmp_path):
    """measure on 0.2 s of computation reports about 0.2 s of CPU time, calling fn once.

    Hint: measure calls fn(*args) exactly once, between the two readings of
    each clock; CPU time is the process's own CPU time (time.process_time),
    not that of its child processes.

    中文: 检查 measure 对 0.2 秒的计算返回约 0.2 秒的 CPU 时间，并且 fn 只调用一次。

    提示: measure 在两次读数之间只调用 fn(*args) 一次；CPU 时间是本进程自己的
    CPU 时间（time.process_time），不是子进程的。
    """
    log = tmp_path / "calls.txt"
    log.touch()
    cpu, wall = _measure(_logged_burn, str(log), 0.2)
    calls = [float(line) for line in log.read_text(encoding="utf-8").split()]
    assert calls == [0.2], (
        f"measure(fn, log, 0.2) called fn {len(calls)} times, with seconds={calls!r}; "
        "call fn(*args) once, passing every argument")
    assert 0.18 <= cpu <= wall + 0.05, (
        f"measure(fn, 0.2) on a function that uses 0.2 s of CPU time returned cpu={cpu!r}, "
        f"wall={wall!r}; expected cpu about 0.2 s and not more than wall "
        "(time.process_time() after the call minus before it)")


@pytest.mark.points(2)
def test_measure_counts_both_threads():
    """measure counts the CPU time of all threads, and not the time spent sleeping.

    Hint: time.thread_time() counts only the calling thread, and a wall clock
    counts the sleep too; time.process_time() adds up the CPU time of every
    thread of the process. With the GIL the two threads take turns (并发), so
    their CPU times add up while the wall time is at least their sum.

    中文: 检查 measure 统计进程所有线程的 CPU 时间，且不把睡眠时间算进去。

    提示: time.thread_time() 只统计当前线程，墙上时钟连睡眠时间也算进去了；
    time.process_time() 才是整个进程所有线程 CPU 时间之和。因为有 GIL，两个线程
    只能并发（轮流占用 CPU），不能并行，所以它们的 CPU 时间相加，实际时间至少是两者之和。
    """
    cpu, wall = _measure(_burn_in_two_threads_then_sleep, 0.15, 0.4)
    assert cpu >= 0.27, (
        f"measure(fn) where fn runs two threads that each use 0.15 s of CPU time, then "
        f"sleeps 0.4 s, returned cpu={cpu!r}, wall={wall!r}; expected cpu about 0.3 s "
        "(both threads): time.thread_time() sees only the calling thread, which just "
        "waited; use time.process_time()")
    assert cpu <= wall - 0.25, (
        f"measure(fn) where fn uses 0.3 s of CPU time in two threads and then sleeps "
        f"0.4 s returned cpu={cpu!r}, wall={wall!r}; the sleep is not CPU time: CPU time "
        "must come from time.process_time(), not from a wall clock")


# ---------------------------------------------------------------- classify_workload

BELOW_ONE = math.nextafter(1.0, 0.0)

BOUNDARY_CASES = [
    (1.0, 2.0, "cpu-bound"),          # exactly half
    (BELOW_ONE, 2.0, "io-bound"),     # the largest float below half
    (0.25, 0.5, "cpu-bound"),
    (math.nextafter(0.25, 0.0), 0.5, "io-bound"),
    (0.0, 1.0, "io-bound"),
    (3.0, 1.0, "cpu-bound"),          # several threads: more CPU than wall time
    (2.0, 2.0, "cpu-bound"),
    (1, 2, "cpu-bound"),              # ints are numbers too
    (0, 3, "io-bound"),
]


@pytest.mark.points(2)
def test_classify_workload_boundaries():
    """classify_workload is "cpu-bound" when cpu >= wall / 2, exactly at the boundary too.

    Hint: the rule is cpu_seconds >= wall_seconds / 2 with >=, not >: exactly
    half is cpu-bound, the next float below it is io-bound.

    中文: 检查 classify_workload 在 cpu >= wall / 2 时返回 "cpu-bound"，边界上也要对。

    提示: 规则是 cpu_seconds >= wall_seconds / 2，用 >= 而不是 >：正好一半算
    CPU 密集，比一半小一点点就是 IO 密集。
    """
    wrong = []
    with deadline(QUICK, "classify_workload on the boundary cases"):
        for cpu, wall, expected in BOUNDARY_CASES:
            got = concepts.classify_workload(cpu, wall)
            if got != expected:
                wrong.append(f"classify_workload({cpu!r}, {wall!r}) returned {got!r}, "
                             f"expected {expected!r}")
    assert not wrong, "\n".join(wrong) + "\n(cpu-bound when cpu_seconds >= wall_seconds / 2)"


@given(cpu=st.integers(0, 64), wall=st.integers(1, 64))
def test_classify_workload_rule(cpu, wall):
    """classify_workload follows cpu >= wall / 2 on many (cpu, wall) pairs.

    Hint: compare cpu_seconds with wall_seconds / 2; do not swap the two
    arguments or the two answers.

    中文: 检查 classify_workload 在大量 (cpu, wall) 组合上都符合 cpu >= wall / 2 的规则。

    提示: 用 cpu_seconds 和 wall_seconds / 2 比较；不要把两个参数或两个结果弄反。
    """
    cpu_seconds, wall_seconds = cpu / 8, wall / 8
    expected = "cpu-bound" if 2 * cpu >= wall else "io-bound"
    with deadline(QUICK, f"classify_workload({cpu_seconds!r}, {wall_seconds!r})"):
        got = concepts.classify_workload(cpu_seconds, wall_seconds)
    assert got == expected, (
        f"classify_workload({cpu_seconds!r}, {wall_seconds!r}) returned {got!r}, expected "
        f"{expected!r} (cpu-bound when cpu_seconds >= wall_seconds / 2)")


@pytest.mark.parametrize("cpu, wall, bad", [
    (1.0, 0.0, 0.0), (0.0, 0, 0), (1.0, -2.5, -2.5), (-0.001, 1.0, -0.001), (-1, 5, -1),
])
def test_classify_workload_rejects_bad_times(cpu, wall, bad):
    """classify_workload raises ValueError naming a wall time <= 0 or a CPU time < 0.

    Hint: a run takes some time: wall_seconds <= 0 is an error (<=, so 0 is
    one), and CPU time is never negative; raise ValueError with the value in
    the message, before dividing anything.

    中文: 检查 classify_workload 对 wall <= 0 或 cpu < 0 抛出 ValueError 并写出那个值。

    提示: 任何运行都要花时间，wall_seconds <= 0 是错误（注意是 <=，0 也不行），
    CPU 时间也不可能是负数；在做除法之前先检查，抛出 ValueError，消息里带上这个值。
    """
    call = f"classify_workload({cpu!r}, {wall!r})"
    with deadline(QUICK, call):
        exc = expect_raises(ValueError, call, concepts.classify_workload, cpu, wall)
    assert _names_value(exc, bad), (
        f"{call} raised ValueError({exc}); the message should name {bad!r}")
