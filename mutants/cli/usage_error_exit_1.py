"""Usage errors reported with status 1 (argparse's SystemExit caught, status replaced)."""


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 1
    if args.command == "echo-server":
        return _echo_server(args.host, args.port)
    return _echo_client(args.host, args.port, args.message)
