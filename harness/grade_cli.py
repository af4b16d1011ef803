"""The command lines of the batch grader: grade, merge, gradescope-bundle
(wired into `python -m harness`; see docs/GRADING.md)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import topics

COMMANDS = ("grade", "merge", "gradescope-bundle")
# option, Limits field, metavar, what it limits
LIMIT_OPTIONS = (
    ("--max-processes", "processes", "N", "processes at once, the whole run"),
    ("--max-memory", "memory_mib", "MIB", "address space per process, MiB"),
    ("--max-open-files", "open_files", "N", "descriptors per process"),
    ("--max-cpu", "cpu_seconds", "SECONDS", "CPU seconds per process"),
    ("--max-file-size", "file_size_mib", "MIB", "largest file written, MiB"),
    ("--max-output", "output_kib", "KIB", "output of the run kept, KiB"),
    ("--max-tmp", "tmp_mib", "MIB", "private /tmp and /dev/shm, MiB"),
    ("--max-unpacked", "unpacked_mib", "MIB", "a submission's files unpacked, MiB"),
    ("--max-files", "files", "N", "files in a submission"),
)


def _add_grading_options(p: argparse.ArgumentParser, jobs: bool = True) -> None:
    from .grade import DEFAULT_BUDGET, Limits
    d = Limits()
    if jobs:
        p.add_argument("-j", "--jobs", type=int, default=0,
                       help="submissions graded at once (default: the number of cores)")
    p.add_argument("--budget", type=float, default=DEFAULT_BUDGET, metavar="SECONDS",
                   help=f"wall-clock time for one submission (default {DEFAULT_BUDGET:g})")
    p.add_argument("--topic", action="append", default=[], metavar="NAME",
                   choices=[t.name for t in topics.TOPICS],
                   help="grade only this topic (repeatable; default: every topic with checks)")
    p.add_argument("--lang", default="en", choices=("en", "zh"),
                   help="language of the results' messages and the report (default en)")
    limits = p.add_argument_group("limits per submission (see docs/GRADING.md)")
    for option, attr, metavar, what in LIMIT_OPTIONS:
        default = getattr(d, attr)
        limits.add_argument(option, type=int, default=default, metavar=metavar, dest=attr,
                            help=f"{what} (default {'the budget + 60' if default is None else default})")
    p.add_argument("--isolation", default="auto", choices=("auto", "namespaces", "session"),
                   help="namespaces: PID and mount namespaces (root on Linux); session: a "
                        "process session and TMPDIR; auto: namespaces when they work")


def add_commands(sub) -> None:
    g = sub.add_parser("grade", help="grade every submission (sealed, isolated, in parallel)",
                       description="Grade a folder of submissions (folders or .zip files), or "
                                   "one submission. Writes DIR/grades.csv, "
                                   "DIR/results/<submission>.json and DIR/report.html.")
    g.add_argument("submissions", type=Path, metavar="SUBMISSIONS",
                   help="a folder of submissions, or one submission (folder or .zip)")
    g.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    g.add_argument("--shard", default=None, metavar="K/N",
                   help="grade only the K-th of N slices (by sorted name); join with merge")
    g.add_argument("--single", action="store_true",
                   help="SUBMISSIONS is one submission, even if it looks like a class folder")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    _add_grading_options(g)

    m = sub.add_parser("merge", help="join the outputs of grade --shard runs",
                       description="Join the outputs of grade runs (e.g. the shards of a CI "
                                   "matrix) into one grades.csv, results/ and report.html.")
    m.add_argument("dirs", type=Path, nargs="+", metavar="DIR")
    m.add_argument("--out", type=Path, required=True, metavar="DIR")
    m.add_argument("--lang", default="en", choices=("en", "zh"))

    b = sub.add_parser("gradescope-bundle", help="build Gradescope's autograder zip",
                       description="Build the autograder archive for Gradescope (setup.sh, "
                                   "run_autograder and the suite without the reference "
                                   "solutions). run_autograder grades /autograder/submission "
                                   "with `python -m harness grade --single` and writes "
                                   "/autograder/results/results.json.")
    b.add_argument("output", type=Path, metavar="OUT.zip")
    _add_grading_options(b, jobs=False)


def _limits(args):
    from .grade import Limits
    return Limits(**{attr: getattr(args, attr) for _, attr, _, _ in LIMIT_OPTIONS})


def run(args) -> int:
    from . import grade
    if args.command == "merge":
        rows = grade.merge(args.dirs, args.out, args.lang)
        print(f"merge: {len(rows)} submission(s) -> {args.out / 'grades.csv'}")
        return 0
    if args.command == "gradescope-bundle":
        from . import bundle
        bundle.build(args.output, topics_=args.topic, budget=args.budget, lang=args.lang,
                     limits=_limits(args), isolation=args.isolation)
        print(f"gradescope-bundle: {args.output}")
        return 0
    try:
        grade.shard([], args.shard)
        graded = grade.grade(args.submissions, args.out, jobs=args.jobs, budget=args.budget,
                             shard_spec=args.shard, topics_=args.topic, lang=args.lang,
                             limits=_limits(args), isolation=args.isolation,
                             single=args.single, quiet=args.quiet)
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("grade: interrupted", file=sys.stderr)
        return 130
    if not args.quiet:
        print(f"grade: {len(graded)} submission(s) -> {args.out / 'grades.csv'}, "
              f"{args.out / 'report.html'}")
    return 0
