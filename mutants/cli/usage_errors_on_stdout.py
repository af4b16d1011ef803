"""Usage errors printed to stdout (print), not stderr; the status is still 2."""
import argparse


class _StdoutParser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stdout)
        print(f"{self.prog}: error: {message}")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _StdoutParser(prog="python -m netlab_impl.cli")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_StdoutParser)
    server = commands.add_parser("echo-server")
    server.add_argument("--host", default=_DEFAULT_HOST)
    server.add_argument("port", type=_port, metavar="PORT")
    client = commands.add_parser("echo-client")
    client.add_argument("host", metavar="HOST")
    client.add_argument("port", type=_port, metavar="PORT")
    client.add_argument("message", metavar="MESSAGE")
    return parser
