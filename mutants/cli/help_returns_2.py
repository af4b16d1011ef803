"""Every SystemExit from argparse turned into 2, --help included."""


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit:
        return 2
    if args.command == "echo-server":
        return _echo_server(args.host, args.port)
    return _echo_client(args.host, args.port, args.message)
