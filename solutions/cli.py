"""CLI: a command-line front end for the echo server and client.

A program started from a shell gets its arguments as a list of strings,
``sys.argv``: ``sys.argv[0]`` is the program, the rest are the arguments.
The shell splits the command line on spaces and removes the quotes, so
``echo-client 127.0.0.1 5000 "hello world"`` gives the message as ONE
argument, "hello world". Arguments are always str: a port must be
converted, and checked, by the program.

``argparse`` does the bookkeeping: it matches arguments to names, writes
``--help``, and on a mistake prints a usage line and the problem to
stderr and exits with status 2 (the Unix convention for "wrong usage";
0 means success, 1 a failure at run time). An argument starting with "-"
looks like an option; after a lone "--" everything is positional, so
``echo-client HOST PORT -- -v`` sends "-v".

Run it as a module of its package, e.g.::

    python -m netlab_impl.cli echo-server 0
    python -m netlab_impl.cli echo-client 127.0.0.1 5000 "hello world"

Output that another program reads through a pipe is *block-buffered*:
``print`` keeps it in memory until the buffer fills or the program ends. A
server that announces its port must ``flush`` (``print(..., flush=True)``),
or the reader waits forever.

中文概述: 本主题对应笔记里的"sys.argv 命令行获取参数"。sys.argv 是一个列表（笔记里
写成了元组），sys.argv[0] 是程序本身，后面的参数由 shell 按空格分开；用引号括起来的
内容（如 "hello world"）是一个参数。参数都是字符串，端口号要自己转换并检查：int()
会接受 " 80"、"+80" 和 "٨٠" 这样的文本，端口只能是 ASCII 数字 0~65535。argparse
遇到用法错误时把用法和错误信息打印到标准错误（stderr），退出码为 2；运行时出错
（连接被拒绝、超时、主机名解析失败、端口被占用）退出码为 1，错误信息只写一行到
stderr；成功为 0。以 "-" 开头的消息要放在 "--" 后面。通过管道读取的标准输出是
全缓冲的，服务器打印监听端口后必须 flush，否则读取的一方会一直阻塞等待。
"""
# Strategy: argparse parses and validates (the port type raises
# ArgumentTypeError, so a bad port is a usage error with status 2); each
# command is a small function returning the exit status; run-time errors
# are caught at the boundary and become one line on stderr.
import argparse
import socket
import sys

from . import tcp

_DEFAULT_HOST = "127.0.0.1"


def parse_endpoint(host: str, port: str) -> tuple[str, int]:
    """Check a host and a port given as command-line text.

    The host is not resolved here: any non-empty str is accepted. The port
    must be ASCII digits only with a value 0-65535: "+80", " 80", "80 ",
    "8_0", "٨٠" (Arabic-Indic digits) and "65536" are refused, although
    ``int()`` accepts most of them.

    Args:
        host: a host name or address, e.g. "127.0.0.1" or "localhost".
        port: the port as text, e.g. "5000"; "0" is allowed (for a server it
            means "pick a free port").

    Returns:
        ``(host, port)`` with the port as an int.

    Raises:
        ValueError: the host is empty or the port is not ASCII digits in
            0-65535 (the message names the bad value with its repr).
    """
    if not isinstance(host, str) or not host:
        raise ValueError(f"the host must be a non-empty str, got {host!r}")
    if not (isinstance(port, str) and port.isascii() and port.isdigit()
            and int(port) <= 65535):
        raise ValueError(f"the port must be ASCII digits 0-65535, got {port!r}")
    return host, int(port)


def _port(text: str) -> int:
    """argparse type for a port: a bad one is a usage error (exit status 2)."""
    try:
        return parse_endpoint(_DEFAULT_HOST, text)[1]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m netlab_impl.cli",
        description="An echo server and an echo client over TCP.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    server = commands.add_parser(
        "echo-server", help="serve echo clients, one after another, until killed")
    server.add_argument("--host", default=_DEFAULT_HOST,
                        help=f"address to bind (default {_DEFAULT_HOST})")
    server.add_argument("port", type=_port, metavar="PORT", help="port to bind; 0 picks one")
    client = commands.add_parser(
        "echo-client", help="send MESSAGE to an echo server and print the reply")
    client.add_argument("host", metavar="HOST")
    client.add_argument("port", type=_port, metavar="PORT")
    client.add_argument("message", metavar="MESSAGE",
                        help="one argument: quote it to keep spaces; put -- before "
                             "a message that starts with '-'")
    return parser


def _error(text: str) -> int:
    """One line on stderr; the run-time failure status."""
    print(f"error: {text}", file=sys.stderr)
    return 1


def _describe(exc: OSError) -> str:
    """An OSError as one short line ("[Errno 111] Connection refused")."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _echo_server(host: str, port: int) -> int:
    try:
        listener = socket.create_server((host, port))   # sets SO_REUSEADDR on POSIX
    except OSError as exc:
        return _error(f"cannot listen on {host}:{port}: {_describe(exc)}")
    with listener:
        bound_host, bound_port = listener.getsockname()[:2]
        # A pipe is block-buffered: without flush the reader never sees this line.
        print(f"listening on {bound_host}:{bound_port}", flush=True)
        tcp.serve_echo(listener)
    return 0  # not reached: serve_echo runs until the process is killed


def _echo_client(host: str, port: int, message: str) -> int:
    # surrogateescape gives back the original bytes of an argument the
    # locale could not decode.
    payload = message.encode("utf-8", errors="surrogateescape")
    try:
        reply = tcp.echo_client((host, port), payload)
    except socket.gaierror as exc:
        return _error(f"cannot resolve {host!r}: {_describe(exc)}")
    except TimeoutError:
        return _error(f"{host}:{port} did not answer in time")
    except OSError as exc:   # refused, reset, unreachable...
        return _error(f"{host}:{port}: {_describe(exc)}")
    print(reply.decode("utf-8", errors="replace"))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv`` and return the exit status.

    Commands (run as ``python -m <package>.cli COMMAND ...``):

    ``echo-server [--host HOST] PORT``
        Bind HOST (default "127.0.0.1") and PORT (0 picks a free port),
        print ``listening on HOST:PORT`` with the bound address and the real
        port (from ``getsockname()``) to stdout and flush it, then serve with
        ``tcp.serve_echo`` until the process is killed. A failed bind (the
        port is in use, say): one line on stderr, status 1.

    ``echo-client HOST PORT MESSAGE``
        Send MESSAGE (one argument, encoded as UTF-8) with
        ``tcp.echo_client`` (its default timeout), print the reply decoded
        as UTF-8 with ``errors="replace"`` followed by a newline, status 0.
        A refused connection, a timeout or a host name that does not
        resolve: one line on stderr, nothing on stdout, status 1. A message
        that starts with "-" comes after "--".

    ``--help``: the usage on stdout, status 0.

    Usage errors (unknown command, missing or extra arguments, a port that
    is not ASCII digits 0-65535): a usage line and the problem on stderr,
    nothing on stdout, status 2.

    Args:
        argv: the arguments without the program name; None means
            ``sys.argv[1:]``.

    Returns:
        The exit status: 0 success, 1 run-time failure, 2 usage error.
        (Raising ``SystemExit`` with that status, as ``argparse`` does, is
        accepted as well.)
    """
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:   # argparse exits: 0 after --help, 2 on a usage error
        return exc.code if isinstance(exc.code, int) else 2
    if args.command == "echo-server":
        return _echo_server(args.host, args.port)
    return _echo_client(args.host, args.port, args.message)


if __name__ == "__main__":
    sys.exit(main())
