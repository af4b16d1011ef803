"""`python -m harness <gate>`: the CI gates (see HARNESS.md, quality gates).

    python -m harness stubs             every check fails "not implemented", fast
    python -m harness mutants [TOPIC]   every mutant is caught by its topic's checks
                        [--full]        ... and every check is failed by some mutant
    python -m harness translations      every check has its Chinese description and hint
    python -m harness parity [TOPIC]    every check has the same outcome in student mode
                        [--mutants]     and sealed mode (solutions, stubs, ... mutants)
    python -m harness soak [TOPIC]      the solutions pass 20 random-order runs with
                        [--runs N]      -n 2 while another process keeps a core busy
"""
import argparse
import sys
from pathlib import Path

from . import gates


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("stubs", help="against exercises/, every check fails with "
                                 "'not implemented yet', without timeouts")
    mutants = sub.add_parser("mutants", help="every mutant in mutants/ is caught")
    mutants.add_argument("topic", nargs="*", help="only these topics")
    mutants.add_argument("-j", "--jobs", type=int, default=2,
                         help="mutants checked at once (default 2)")
    mutants.add_argument("--full", action="store_true",
                         help="run every check against every mutant (not just to the "
                              "first failure) and fail on any check no mutant fails")
    translations = sub.add_parser("translations", help="every check's docstring has "
                                  "Hint:, 中文: and 提示: paragraphs")
    translations.add_argument("--root", type=Path, default=gates.ROOT,
                              help="the suite folder holding checks/ (default: this one)")
    parity = sub.add_parser("parity", help="every check has the same outcome in "
                            "student mode and --sealed (solutions, stubs, mutants)")
    parity.add_argument("topic", nargs="*", help="only these topics")
    parity.add_argument("--mutants", action="store_true",
                        help="also every mutant (each run fully in both modes)")
    parity.add_argument("-j", "--jobs", type=int, default=2,
                        help="implementations checked at once (default 2)")
    soak = sub.add_parser("soak", help="the solutions pass many random-order runs "
                          "(--shuffle SEED) under load: no check is flaky")
    soak.add_argument("topic", nargs="*", help="only these topics")
    soak.add_argument("--runs", type=int, default=20, help="runs (default 20)")
    soak.add_argument("-n", "--jobs", type=int, default=2,
                      help="xdist workers per run (default 2)")
    soak.add_argument("--first-seed", type=int, default=1,
                      help="the first run's --shuffle seed (default 1)")
    soak.add_argument("--no-busy", dest="busy", action="store_false",
                      help="no extra process keeping a core busy")
    from . import grade_cli
    grade_cli.add_commands(sub)
    args = parser.parse_args(argv)
    if args.command in grade_cli.COMMANDS:
        return grade_cli.run(args)
    if args.command == "translations":
        return 0 if gates.translations_gate(args.root) else 1
    if args.command == "stubs":
        return 0 if gates.stubs_gate() else 1
    if args.command == "soak":
        return 0 if gates.soak_gate(args.topic, args.runs, args.jobs, args.busy,
                                    args.first_seed) else 1
    if args.command == "parity":
        return 0 if gates.parity_gate(args.topic, args.mutants, args.jobs) else 1
    return 0 if gates.mutants_gate(args.topic, args.jobs, args.full) else 1


if __name__ == "__main__":
    sys.exit(main())
