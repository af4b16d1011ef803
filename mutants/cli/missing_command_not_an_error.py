"""Subcommands not required (argparse's default): no command prints the help and exits 0."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    parser._subparsers._group_actions[0].required = False
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "echo-server":
        return _echo_server(args.host, args.port)
    return _echo_client(args.host, args.port, args.message)
