"""argv parsed by hand: no "--" support, so a message after "--" is an extra argument."""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv in (["--help"], ["-h"]):
        print("usage: python -m cli {echo-server [--host HOST] PORT | echo-client HOST PORT MESSAGE}")
        return 0
    try:
        if argv[:1] == ["echo-client"] and len(argv) == 4:
            host, port = parse_endpoint(argv[1], argv[2])
            return _echo_client(host, port, argv[3])
        if argv[:1] == ["echo-server"] and len(argv) in (2, 4):
            host = argv[2] if len(argv) == 4 and argv[1] == "--host" else _DEFAULT_HOST
            return _echo_server(*parse_endpoint(host, argv[-1]))
        problem = f"bad arguments: {argv!r}"
    except ValueError as exc:
        problem = str(exc)
    print("usage: python -m cli {echo-server [--host HOST] PORT | echo-client HOST PORT MESSAGE}",
          file=sys.stderr)
    print(f"error: {problem}", file=sys.stderr)
    return 2
