"""Checks for topic 6, cli: sys.argv, exit statuses, stdout/stderr, flushing.

The command line is run for real: ``python -m netlab_impl.cli ...`` in a
child process (the harness makes the implementation importable under that
alias), with real argv, pipes for stdout and stderr, and every wait
bounded; an echo server child is killed and reaped on every path. The
peers are independent of the implementation: the check's own sockets and
the reference echo servers of ``echo_conformance``. ``main`` and
``parse_endpoint`` are also called in-process.

Clause-to-check map (CURRICULUM.md section 6 and the general rules):

| clause | checks |
|---|---|
| parse_endpoint: any non-empty host (not resolved), port ASCII digits 0–65535 → (host, int) | test_parse_endpoint_valid, test_parse_endpoint_port_rule |
| parse_endpoint: "+80", " 80", "٨٠", "65536"... → ValueError naming the value | test_parse_endpoint_bad_port, test_parse_endpoint_port_rule |
| parse_endpoint: empty host → ValueError | test_parse_endpoint_empty_host |
| main returns the status (SystemExit accepted); argv excludes the program name | test_main_usage_errors_in_process, test_main_help_in_process |
| --help → usage on stdout, exit 0 | test_cli_help, test_main_help_in_process |
| usage errors (unknown command, missing/extra args, bad port) → exit 2, usage and the problem on stderr, nothing on stdout | test_cli_usage_errors, test_main_usage_errors_in_process |
| echo-client: MESSAGE is one argument, spaces and non-ASCII kept, sent as UTF-8, exit 0 | test_echo_client_spaces_and_non_ascii |
| echo-client: prints the reply (not the message), decoded with errors="replace", plus a newline | test_echo_client_prints_the_reply |
| echo-client: a message starting with "-" after "--" | test_echo_client_message_after_double_dash |
| echo-client: refused → one line on stderr, exit 1 | test_echo_client_refused |
| echo-client: unresolvable → one line on stderr, exit 1 | test_echo_client_unresolvable |
| echo-client: timed out → one line on stderr, exit 1 | test_echo_client_timeout |
| echo-server: port 0, prints "listening on HOST:PORT" with the real port, flushed (PYTHONUNBUFFERED removed), serves with tcp.serve_echo | test_echo_server_announces_and_echoes |
| echo-server: the printed HOST is the bound address (getsockname) | test_echo_server_prints_bound_address |
| echo-server: a failed bind → one line on stderr, exit 1 | test_echo_server_port_in_use |
| run-time errors: nothing on stdout, no traceback | test_echo_client_refused, test_echo_client_unresolvable, test_echo_client_timeout, test_echo_server_port_in_use |
| general: bad input → ValueError naming the value (repr) | test_parse_endpoint_bad_port |
| general: every wait bounded; a child that serves forever is killed and reaped on every path | every child has a deadline (_finish), the echo_server fixture kills and reaps; the first line is read with selectors |
| general: loopback only, port 0, never a fixed port | servers bind 127.0.0.1:0; bad ports are spelled from ports the check holds, so a buggy CLI meets a refused or busy port |

The unresolvable host is "nonexistent.invalid" (RFC 6761: ".invalid" never
resolves); the child gets RES_OPTIONS="timeout:1 attempts:1" so that even a
silent DNS server answers the question within seconds. Against the stub the
child prints a NotImplementedError traceback; the checks turn it into the
harness's "not implemented yet" line.
"""
import contextlib
import io
import os
import re
import selectors
import shlex
import socket
import subprocess
import sys
import tempfile
import time

import pytest
from hypothesis import given, strategies as st

import echo_conformance as echo
from harness import deadline, serve, topic
from harness.impl import ALIAS
from harness.net import refused_address

cli = topic("cli")

QUICK = 1.0    # seconds for a pure call
NET = 5.0      # seconds for an in-process call that may touch loopback
CHILD = 20.0   # seconds for a child Python to start, run and exit on a loaded machine
ANNOUNCE = 15.0  # seconds for an echo-server child to print its first line
CLIENT_TIMEOUT_BOUND = 30.0  # echo_client's default timeout is 5 s; leave room for load

UNRESOLVABLE = "nonexistent.invalid"

# ------------------------------------------------------------------ helpers


def _env(**extra) -> dict:
    """The child's environment: PYTHONUNBUFFERED removed, UTF-8 I/O, plus extra."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env.update(PYTHONUTF8="1", PYTHONIOENCODING="utf-8", **extra)
    return env


def _command(*args) -> list[str]:
    return [sys.executable, "-m", f"{ALIAS}.cli", *args]


def _shown(args) -> str:
    return "python -m cli " + shlex.join(args)


class _Done:
    """What a finished child did."""

    def __init__(self, args, status, out, err):
        self.args, self.status, self.out, self.err = args, status, out, err

    def describe(self) -> str:
        return (f"`{_shown(self.args)}` exited with status {self.status}, stdout "
                f"{_clip(self.out)}, stderr {_clip(self.err)}")


def _clip(text: str, limit: int = 300) -> str:
    """The text, or its end (where a traceback names the error) when it is long."""
    return repr(text) if len(text) <= limit else f"({len(text)} chars) ..." + repr(text[-limit:])


def _raise_if_stub(stderr: str) -> None:
    """A child that died of NotImplementedError: report it as the harness does."""
    lines = stderr.strip().splitlines()
    if not lines or not lines[-1].startswith("NotImplementedError"):
        return
    origin = "cli.main"
    for line in lines:
        found = re.search(r'File "[^"]*?(\w+)\.py", line \d+, in (\w+)', line)
        if found and found.group(1) != "runpy" and found.group(2) != "<module>":
            origin = f"{found.group(1)}.{found.group(2)}"
    exc = NotImplementedError(f"{origin} (the child process raised NotImplementedError)")
    exc.netlab_origin = origin
    raise exc


def _require_main() -> None:
    """Fail at once, in-process, while main is still the stub: no child to wait for."""
    quiet = contextlib.redirect_stdout(io.StringIO())
    with deadline(NET, "main(['--help'])", "printing the help needs no network"), quiet:
        try:
            cli.main(["--help"])
        except NotImplementedError:
            raise
        except (Exception, SystemExit):   # any mistake: the child will show it
            pass


def _spawn(args, env=None) -> subprocess.Popen:
    _require_main()
    return subprocess.Popen(
        _command(*args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=env or _env(), cwd=tempfile.gettempdir())


def _finish(proc: subprocess.Popen, args, seconds: float) -> _Done:
    """Wait (bounded) for a child to exit; kill it if it does not."""
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate(timeout=NET)
        raise AssertionError(
            f"`{_shown(args)}` was still running after {seconds:g} s and was killed; "
            f"stdout so far {_clip(out.decode(errors='replace'))}, stderr "
            f"{_clip(err.decode(errors='replace'))}") from None
    done = _Done(args, proc.returncode, out.decode("utf-8", errors="replace"),
                 err.decode("utf-8", errors="replace"))
    _raise_if_stub(done.err)
    return done


def _run_all(argvs, env=None, seconds: float = CHILD) -> list[_Done]:
    """Run several command lines at once (each bounded); all children reaped."""
    procs = []
    try:
        for args in argvs:
            procs.append((_spawn(args, env), args))
        started = time.monotonic()
        return [_finish(proc, args, max(seconds - (time.monotonic() - started), 1.0))
                for proc, args in procs]
    finally:
        for proc, _ in procs:
            if proc.poll() is None:
                proc.kill()
            proc.communicate(timeout=NET)


def _run(*args, env=None, seconds: float = CHILD) -> _Done:
    return _run_all([args], env, seconds)[0]


def _check_runtime_error(done: _Done, why: str) -> None:
    """Exit status 1, one line on stderr, no traceback, nothing on stdout."""
    problems = []
    if done.status != 1:
        problems.append(f"the exit status should be 1 ({why})")
    err_lines = done.err.strip().splitlines()
    if "Traceback" in done.err:
        problems.append(f"stderr holds a traceback ending in {err_lines[-1]!r}: catch the "
                        "error and print one line")
    elif len(err_lines) != 1:
        problems.append(f"stderr should hold exactly one line, it holds {len(err_lines)}")
    if done.out:
        problems.append("stdout should stay empty: errors go to stderr")
    if problems:
        raise AssertionError(done.describe() + ";\n  " + "\n  ".join(problems))


def _main_status(argv):
    """main(argv) in-process: its returned status, or SystemExit's code."""
    with deadline(NET, f"main({argv!r})", "a usage error needs no network"):
        try:
            status = cli.main(argv)
        except SystemExit as exc:
            status = 0 if exc.code is None else exc.code
    return status


def _arabic_indic(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


@contextlib.contextmanager
def _held_listener():
    """A listening socket on 127.0.0.1 (its port is in use while the block runs)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener, listener.getsockname()[1]


# ------------------------------------------------------------ parse_endpoint

def test_parse_endpoint_valid():
    """parse_endpoint returns (host, int port) for ports 0–65535, without resolving the host.

    Hint: check the port text (ASCII digits, at most 65535), then int() it;
    0 is a valid port (a server binding it gets a free one). Do not look the
    host up.

    中文: 检查 parse_endpoint 对 0~65535 的端口返回 (host, 整数端口)，并且不去解析主机名。

    提示: 先检查端口文本（ASCII 数字、不超过 65535），再用 int() 转换；0 是合法端口（服务器
    绑定 0 会得到一个空闲端口）。不要去解析主机名。
    """
    cases = [("127.0.0.1", "5000", 5000), ("localhost", "0", 0), ("example.invalid", "65535", 65535),
             ("::1", "80", 80), ("my host", "1", 1)]
    with deadline(QUICK, "parse_endpoint on good endpoints", "the host must not be resolved"):
        for host, port, number in cases:
            got = cli.parse_endpoint(host, port)
            assert got == (host, number) and type(got[1]) is int, (
                f"parse_endpoint({host!r}, {port!r}) returned {got!r}, expected "
                f"({host!r}, {number})")


BAD_PORTS = ["+80", " 80", "80 ", "٨٠", "８０", "65536", "-1", "", "8_0", "0x50", "80.0",
             "eighty", "99999999999999999999"]


@pytest.mark.points(2)
def test_parse_endpoint_bad_port():
    """parse_endpoint raises ValueError naming a port that is not ASCII digits 0–65535.

    Hint: int() accepts "+80", " 80", "8_0" and "٨٠" (Arabic-Indic digits);
    check port.isascii() and port.isdigit() first, then the range, and
    put repr(port) in the message.

    中文: 检查 parse_endpoint 对不是 ASCII 数字 0~65535 的端口抛出 ValueError，并写出这个值。

    提示: int() 会接受 "+80"、" 80"、"8_0" 和 "٨٠"（阿拉伯-印度数字）；先检查
    port.isascii() 和 port.isdigit()，再检查范围，消息里写上 repr(port)。
    """
    problems = []
    with deadline(QUICK, "parse_endpoint on bad ports"):
        for port in BAD_PORTS:
            try:
                result = cli.parse_endpoint("127.0.0.1", port)
            except ValueError as exc:
                if repr(port) not in str(exc):
                    problems.append(f"parse_endpoint('127.0.0.1', {port!r}) raised "
                                    f"ValueError({str(exc)!r}), which does not name {port!r}")
                continue
            problems.append(f"parse_endpoint('127.0.0.1', {port!r}) returned {result!r}")
    assert not problems, "\n".join(problems) + (
        "\n(a port is ASCII digits only, 0-65535, and the error names it)")


def test_parse_endpoint_empty_host():
    """parse_endpoint raises ValueError for an empty host.

    Hint: any non-empty str is a host; "" is not (connecting to "" would
    quietly mean "this machine").

    中文: 检查 parse_endpoint 对空的主机名抛出 ValueError。

    提示: 任何非空字符串都可以是主机名；"" 不行（连接 "" 会悄悄变成"本机"）。
    """
    with deadline(QUICK, "parse_endpoint('', '80')"):
        try:
            result = cli.parse_endpoint("", "80")
        except ValueError:
            return
    raise AssertionError(f"parse_endpoint('', '80') returned {result!r}; expected ValueError")


@given(port=st.text(alphabet="0123456789+- _٠١٨０８\t", max_size=7))
def test_parse_endpoint_port_rule(port):
    """parse_endpoint accepts a port exactly when it is ASCII digits with a value <= 65535.

    Hint: the rule is port.isascii() and port.isdigit() and int(port) <=
    65535; everything else is a ValueError.

    中文: 检查 parse_endpoint 当且仅当端口是 ASCII 数字且值不超过 65535 时才接受。

    提示: 规则是 port.isascii() and port.isdigit() and int(port) <= 65535；其他情况一律
    抛 ValueError。
    """
    good = re.fullmatch(r"[0-9]+", port) is not None and int(port) <= 65535
    call = f"parse_endpoint('h', {port!r})"
    with deadline(QUICK, call):
        try:
            result = cli.parse_endpoint("h", port)
        except ValueError as exc:
            assert not good, f"{call} raised ValueError({exc}); expected ('h', {int(port)})"
            return
    assert good, f"{call} returned {result!r}; expected ValueError"
    assert result == ("h", int(port)), f"{call} returned {result!r}; expected ('h', {int(port)})"


# -------------------------------------------------------------- main in-process

def test_main_usage_errors_in_process():
    """main(argv) returns 2 (or raises SystemExit(2)) for every usage error.

    Hint: argv excludes the program name. argparse exits with status 2 on a
    usage error; a hand-written parser must return 2 as well (1 is for
    errors at run time). An unknown or missing command is a usage error too.

    中文: 检查 main(argv) 对每一种用法错误都返回 2（或抛出 SystemExit(2)）。

    提示: argv 不包含程序名。argparse 遇到用法错误时以状态 2 退出；自己写的解析也要返回 2
    （1 是运行时错误）。未知命令或者缺少命令也属于用法错误。
    """
    holder, (_, refused_port) = refused_address()
    with holder:
        cases = [[], ["bogus"], ["echo-client"], ["echo-client", "127.0.0.1"],
                 ["echo-client", "127.0.0.1", str(refused_port)],
                 ["echo-client", "127.0.0.1", str(refused_port), "a", "b"],
                 ["echo-client", "127.0.0.1", f"+{refused_port}", "hi"],
                 ["echo-client", "127.0.0.1", "65536", "hi"],
                 ["echo-server"], ["echo-server", "--host"]]
        wrong = []
        for argv in cases:
            status = _main_status(argv)
            if status != 2:
                wrong.append(f"main({argv!r}) gave status {status!r}")
    assert not wrong, "\n".join(wrong) + "\n(a usage error has exit status 2)"


def test_main_help_in_process():
    """main(["--help"]) returns 0 (or raises SystemExit(0)).

    Hint: asking for help is not an error: argparse prints the usage and
    exits with 0; if you catch its SystemExit, return its code.

    中文: 检查 main(["--help"]) 返回 0（或抛出 SystemExit(0)）。

    提示: 查看帮助不是错误：argparse 打印用法后以 0 退出；如果你捕获了它的 SystemExit，
    要返回其中的退出码。
    """
    status = _main_status(["--help"])
    assert status == 0, f"main(['--help']) gave status {status!r}; expected 0"


# -------------------------------------------------------------- the real command

def test_cli_help():
    """`python -m cli --help` prints the usage, naming both commands, on stdout and exits 0.

    Hint: help that was asked for goes to stdout (it is the output the user
    wanted) with status 0; argparse does this for you.

    中文: 检查 `python -m cli --help` 把用法（包括两个命令）打印到标准输出，退出码为 0。

    提示: 用户主动要求的帮助信息是正常输出，应该写到 stdout，退出码为 0；argparse 会替你做好。
    """
    done = _run("--help")
    assert done.status == 0 and "usage" in done.out.lower(), (
        done.describe() + "; expected the usage on stdout and status 0")
    missing = [c for c in ("echo-server", "echo-client") if c not in done.out]
    assert not missing, done.describe() + f"; the help should name {missing}"


@pytest.mark.points(3)
def test_cli_usage_errors():
    """Every usage error exits with status 2, usage and the problem on stderr, nothing on stdout.

    Hint: a port must be ASCII digits 0–65535 ("+80", " 80", "٨٠", "65536"
    are not); an unknown command, a missing or an extra argument is a usage
    error. Let argparse report them (a port type function that raises
    argparse.ArgumentTypeError does it for a bad port).

    中文: 检查每一种用法错误都以状态 2 退出，用法和具体问题写到 stderr，stdout 什么都不输出。

    提示: 端口必须是 ASCII 数字 0~65535（"+80"、" 80"、"٨٠"、"65536" 都不行）；未知命令、
    缺少参数、多余参数都是用法错误。交给 argparse 报告（端口的 type 函数抛出
    argparse.ArgumentTypeError，坏端口就会被当成用法错误）。
    """
    holder, (_, refused_port) = refused_address()
    with holder, _held_listener() as (_, busy):
        # Bad ports that int() would read as a port in use or refused: a buggy
        # implementation fails fast (bind or connect error), never serves.
        cases = [
            ([], None), (["echo-srv", "0"], "echo-srv"),
            (["echo-server"], None), (["echo-server", "0", "1"], None),
            (["echo-server", f"+{busy}"], f"+{busy}"), (["echo-server", f" {busy}"], f" {busy}"),
            (["echo-server", _arabic_indic(busy)], _arabic_indic(busy)),
            (["echo-server", "65536"], "65536"),
            (["echo-client", "127.0.0.1", str(refused_port)], None),
            (["echo-client", "127.0.0.1", str(refused_port), "a", "b"], None),
            (["echo-client", "127.0.0.1", _arabic_indic(refused_port), "hi"],
             _arabic_indic(refused_port)),
            (["echo-client", "127.0.0.1", "65536", "hi"], "65536"),
        ]
        results = _run_all([argv for argv, _ in cases])
    problems = []
    for (argv, named), done in zip(cases, results):
        wrong = []
        if done.status != 2:
            wrong.append("status should be 2")
        if done.out:
            wrong.append("stdout should be empty")
        if "usage" not in done.err.lower():
            wrong.append("stderr should show the usage")
        if named and named not in done.err:
            wrong.append(f"stderr should name {named!r}")
        if wrong:
            problems.append(done.describe() + ": " + "; ".join(wrong))
    assert not problems, f"{len(problems)} of {len(cases)} usage errors wrong:\n  " + \
        "\n  ".join(problems[:5])


@pytest.mark.points(3)
def test_echo_client_spaces_and_non_ascii():
    """echo-client sends MESSAGE (one argument, spaces and non-ASCII kept) and prints the echo.

    Hint: the shell's quotes make "hello world" ONE argument: use it as it
    is (no split, no join, no strip); encode it as UTF-8, print the reply
    decoded (not the bytes' repr) and exit 0.

    中文: 检查 echo-client 把 MESSAGE（一个参数，保留空格和非 ASCII 字符）发出去并打印回显。

    提示: shell 的引号让 "hello world" 成为一个参数：原样使用（不要 split、join 或 strip）；
    用 UTF-8 编码发送，打印解码后的回复（不是 bytes 的 repr），退出码为 0。
    """
    messages = ["hello world", "  two  spaces  ", "héllo wörld 你好，世界 🎉", "tab\there"]
    with serve(echo.reference_echo_server) as server:
        host, port = server.address
        results = _run_all([["echo-client", host, str(port), m] for m in messages])
    for message, done in zip(messages, results):
        assert done.status == 0 and done.out == message + "\n", (
            done.describe() + f"; expected status 0 and stdout {message + chr(10)!r} "
            "(the echo of the message, then a newline)")


@pytest.mark.points(2)
def test_echo_client_prints_the_reply():
    """echo-client prints what the server sent back, decoded with errors="replace".

    Hint: print the reply, not the message; this server answers with
    reversed bytes, which are not valid UTF-8: decode with
    reply.decode("utf-8", errors="replace") instead of crashing.

    中文: 检查 echo-client 打印的是服务器发回的内容，并用 errors="replace" 解码。

    提示: 打印回复而不是原消息；这个服务器回复的是倒序的字节，不是合法的 UTF-8：用
    reply.decode("utf-8", errors="replace") 解码，不要让程序崩溃。
    """
    message = "abc déjà vu"
    expected = echo.reply_for(message.encode()).decode("utf-8", errors="replace") + "\n"
    with serve(echo.reply_after_eof_server) as server:
        host, port = server.address
        done = _run("echo-client", host, str(port), message)
    assert done.status == 0 and done.out == expected, (
        done.describe() + f"; this server replies {echo.reply_for(message.encode())!r}, so "
        f"stdout should be {expected!r}")


def test_echo_client_message_after_double_dash():
    """echo-client sends a message starting with "-" when it comes after "--".

    Hint: "--" ends the options: everything after it is positional, even
    "-v" or "--help". argparse does this; a hand-written parser must too.

    中文: 检查消息以 "-" 开头时，放在 "--" 后面，echo-client 能正常发送。

    提示: "--" 表示选项结束：它后面的所有参数都是位置参数，哪怕是 "-v" 或 "--help"。
    argparse 会处理；自己写的解析也要处理。
    """
    messages = ["-v not an option", "--help"]
    with serve(echo.reference_echo_server) as server:
        host, port = server.address
        results = _run_all([["echo-client", host, str(port), "--", m] for m in messages])
    for message, done in zip(messages, results):
        assert done.status == 0 and done.out == message + "\n", (
            done.describe() + f"; expected status 0 and stdout {message + chr(10)!r}")


@pytest.mark.points(2)
def test_echo_client_refused():
    """echo-client to a port where nothing listens: one line on stderr, exit 1.

    Hint: catch the ConnectionRefusedError (an OSError) around the client
    call, print one line to sys.stderr and return 1; a traceback is not a
    message for users.

    中文: 检查 echo-client 连接没有监听的端口时，只在 stderr 打印一行错误，退出码为 1。

    提示: 在调用客户端的地方捕获 ConnectionRefusedError（它是 OSError），向 sys.stderr
    打印一行并返回 1；traceback 不是给用户看的错误信息。
    """
    holder, (host, port) = refused_address()
    with holder:
        done = _run("echo-client", host, str(port), "hello")
    _check_runtime_error(done, "the connection was refused")


@pytest.mark.points(2)
def test_echo_client_unresolvable():
    """echo-client to a host name that does not resolve: one line on stderr, exit 1.

    Hint: a name that does not resolve raises socket.gaierror (an OSError,
    but not a ConnectionError): catch it too.

    中文: 检查 echo-client 连接无法解析的主机名时，只在 stderr 打印一行错误，退出码为 1。

    提示: 主机名解析失败会抛出 socket.gaierror（它是 OSError，但不是 ConnectionError），
    也要捕获。
    """
    done = _run("echo-client", UNRESOLVABLE, "80", "hello",
                env=_env(RES_OPTIONS="timeout:1 attempts:1"))
    _check_runtime_error(done, f"{UNRESOLVABLE!r} does not resolve")


@pytest.mark.points(2)
def test_echo_client_timeout():
    """echo-client to a server that never answers: one line on stderr, exit 1 (after the timeout).

    Hint: echo_client raises TimeoutError when the server stays silent
    (socket.timeout is TimeoutError); catch it like the other errors.

    中文: 检查 echo-client 连接一直不回应的服务器时，超时后在 stderr 打印一行错误，退出码为 1。

    提示: 服务器不回应时 echo_client 会抛出 TimeoutError（socket.timeout 就是 TimeoutError）；
    和其他错误一样捕获它。
    """
    with _held_listener() as (_, port):   # accepts into its backlog, never answers
        done = _run("echo-client", "127.0.0.1", str(port), "hello",
                    seconds=CLIENT_TIMEOUT_BOUND)
    _check_runtime_error(done, "the server never answered")


# -------------------------------------------------------------- echo-server

@pytest.fixture
def echo_server():
    """Start `cli echo-server ARGS` children; every one is killed and reaped after the check."""
    procs = []

    def start(*args):
        proc = _spawn(["echo-server", *args])
        procs.append(proc)
        return proc

    try:
        yield start
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            try:
                proc.wait(timeout=10)
            finally:
                proc.stdout.close()
                proc.stderr.close()


def _first_line(proc, args) -> str:
    """The child's first stdout line, read with a bounded wait (selectors, not readline)."""
    fd = proc.stdout.fileno()
    data, eof = b"", False
    end = time.monotonic() + ANNOUNCE
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while b"\n" not in data and not eof and time.monotonic() < end:
            if selector.select(max(end - time.monotonic(), 0)):
                chunk = os.read(fd, 4096)
                eof = not chunk     # the child closed stdout: it is exiting
                data += chunk
    if b"\n" in data:
        return data.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    shown = _shown(["echo-server", *args])
    if not eof:
        raise AssertionError(
            f"`{shown}` printed {data!r} and no complete line in {ANNOUNCE:g} s; print "
            "'listening on HOST:PORT' with flush=True: through a pipe, stdout is "
            "block-buffered and the line sits in the buffer")
    try:
        rest, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"`{shown}` closed its stdout without printing a line "
                             f"(it printed {data!r})") from None
    stderr = err.decode("utf-8", errors="replace")
    _raise_if_stub(stderr)
    raise AssertionError(
        f"`{shown}` exited with status {proc.returncode} before printing a line; stdout "
        f"{_clip((data + rest).decode(errors='replace'))}, stderr {_clip(stderr)}")


def _announced(proc, args) -> tuple[str, int]:
    line = _first_line(proc, args)
    found = re.fullmatch(r"listening on (\S+):(\d+)\s*", line)
    assert found, (f"`{_shown(['echo-server', *args])}` printed {line!r}; expected "
                   "'listening on HOST:PORT'")
    return found.group(1), int(found.group(2))


def _echo_through(host: str, port: int, payload: bytes) -> bytes:
    with socket.create_connection((host, port), timeout=NET) as sock:
        sock.sendall(payload)
        sock.shutdown(socket.SHUT_WR)
        return b"".join(iter(lambda: sock.recv(65536), b""))


@pytest.mark.points(3)
def test_echo_server_announces_and_echoes(echo_server):
    """echo-server 0 prints "listening on 127.0.0.1:PORT" at once (flushed) and echoes there.

    Hint: bind port 0, then read the real port with getsockname() and
    print(f"listening on {host}:{port}", flush=True) before serving: stdout
    into a pipe is block-buffered, so without flush nobody sees the line.
    Then serve with tcp.serve_echo.

    中文: 检查 echo-server 0 立即打印（并刷新）"listening on 127.0.0.1:PORT"，并在该端口上回显。

    提示: 绑定 0 端口后用 getsockname() 取得真实端口，在开始服务之前
    print(f"listening on {host}:{port}", flush=True)：输出到管道时 stdout 是全缓冲的，不 flush
    就没人能看到这一行。然后用 tcp.serve_echo 提供服务。
    """
    proc = echo_server("0")
    host, port = _announced(proc, ["0"])
    assert host == "127.0.0.1" and port != 0, (
        f"echo-server 0 announced {host}:{port}; expected 127.0.0.1 and the real port "
        "(getsockname()[1]), not 0")
    with deadline(2 * NET, f"three echo clients of the echo-server at {host}:{port}"):
        for i in range(3):
            payload = echo.payload_for(i)
            got = _echo_through(host, port, payload)
            assert got == payload, (f"the echo-server at {host}:{port} answered {got!r} to "
                                    f"{payload!r}; expected the same bytes back")
    done = _run("echo-client", host, str(port), "through the CLI: ok ✓")
    assert done.status == 0 and done.out == "through the CLI: ok ✓\n", (
        done.describe() + " (an echo-client run through the echo-server)")
    assert proc.poll() is None, f"the echo-server exited with status {proc.returncode}"


def test_echo_server_prints_bound_address(echo_server):
    """echo-server --host localhost 0 announces the bound address, 127.0.0.1, not the name.

    Hint: print what getsockname() returns after bind (address and port),
    not the arguments you were given.

    中文: 检查 echo-server --host localhost 0 打印的是实际绑定的地址 127.0.0.1，而不是主机名。

    提示: 打印 bind 之后 getsockname() 返回的地址和端口，而不是命令行传进来的参数。
    """
    args = ["--host", "localhost", "0"]
    proc = echo_server(*args)
    host, port = _announced(proc, args)
    expected = socket.gethostbyname("localhost")
    assert (host, port != 0) == (expected, True), (
        f"`{_shown(['echo-server', *args])}` announced {host}:{port}; expected "
        f"{expected}:PORT with the real port (from getsockname())")
    with deadline(NET, f"an echo client of the echo-server at {host}:{port}"):
        assert _echo_through(host, port, b"ping") == b"ping"


@pytest.mark.points(2)
def test_echo_server_port_in_use():
    """echo-server on a port already in use: one line on stderr, exit 1, no "listening".

    Hint: bind raises OSError (EADDRINUSE, "Address already in use"): catch
    it, print one line to stderr and return 1 instead of a traceback.

    中文: 检查 echo-server 绑定已被占用的端口时，只在 stderr 打印一行错误，退出码为 1。

    提示: bind 会抛出 OSError（EADDRINUSE，"Address already in use"）：捕获它，向 stderr
    打印一行并返回 1，而不是打印 traceback。
    """
    with _held_listener() as (_, busy):
        done = _run("echo-server", str(busy))
    _check_runtime_error(done, f"port {busy} is in use")
