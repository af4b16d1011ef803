"""`python -m harness gradescope-bundle OUT.zip`: Gradescope's autograder archive.

The zip holds, at its top (Gradescope unpacks it into /autograder/source):
- the suite without the reference solutions: checks/, harness/, conftest.py,
  pytest.ini, requirements.txt;
- setup.sh: installs a Python >= 3.11 and the requirements in a venv;
- run_autograder: grades /autograder/submission with
  `python -m harness grade --single` (always sealed, isolated as far as the
  container allows) and copies the submission's results to
  /autograder/results/results.json; if grading itself fails, it still
  writes a results file (score 0, what went wrong), so the student sees it.

The grading options (topics, budget, language, limits) are fixed in
run_autograder when the bundle is built. For tests, run_autograder honours
AUTOGRADER_ROOT (instead of /autograder) and NETLAB_PYTHON (instead of the
venv's python).
"""
from __future__ import annotations

import shlex
import stat
import zipfile
from pathlib import Path

from .grade import LAYOUT_ITEMS, ROOT, Limits

SETUP_SH = r"""#!/usr/bin/env bash
# netlab autograder setup (built by: python -m harness gradescope-bundle)
set -euo pipefail
SRC="$(cd "$(dirname "$0")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq procps curl ca-certificates >/dev/null
PY=""
for v in 3.13 3.12 3.11; do
  if command -v "python$v" >/dev/null; then PY="python$v"; break; fi
done
if [ -z "$PY" ]; then
  apt-get install -y -qq software-properties-common >/dev/null
  apt-get install -y -qq python3.11 python3.11-venv >/dev/null 2>&1 || {
    add-apt-repository -y ppa:deadsnakes/ppa >/dev/null && apt-get update -qq &&
    apt-get install -y -qq python3.11 python3.11-venv >/dev/null; }
  PY=python3.11
fi
"$PY" -m venv --help >/dev/null 2>&1 || apt-get install -y -qq "$PY-venv" >/dev/null
"$PY" -m venv "$SRC/.venv"
"$SRC/.venv/bin/python" -m pip install -q --upgrade pip
"$SRC/.venv/bin/python" -m pip install -q -r "$SRC/requirements.txt"
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# netlab autograder (built by: python -m harness gradescope-bundle)
set -uo pipefail
AG="${AUTOGRADER_ROOT:-/autograder}"
SRC="$AG/source"
PY="${NETLAB_PYTHON:-$SRC/.venv/bin/python}"
[ -x "$PY" ] || PY=python3
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$AG/results"
cd "$SRC" || exit 1
"$PY" -m harness grade "$AG/submission" --single --out "$OUT" -j 1 --quiet @OPTIONS@ \
  > "$OUT/grade.log" 2>&1
status=$?
if [ -f "$OUT/results/submission.json" ]; then
  cp "$OUT/results/submission.json" "$AG/results/results.json"
else
  "$PY" - "$AG/results/results.json" "$status" "$OUT/grade.log" <<'EOF'
import json, sys
path, status, log = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    tail = open(log, errors="replace").read()[-2000:]
except OSError:
    tail = ""
json.dump({"score": 0, "visibility": "visible", "stdout_visibility": "visible",
           "output": f"netlab: grading failed (exit status {status})\n{tail}", "tests": []},
          open(path, "w"))
EOF
fi
exit 0
"""


def _options(topics_, budget: float, lang: str, limits: Limits, isolation: str) -> str:
    from .grade_cli import LIMIT_OPTIONS
    args = ["--budget", f"{budget:g}", "--lang", lang, "--isolation", isolation]
    for topic in topics_:
        args += ["--topic", topic]
    defaults = Limits()
    for option, attr, _, _ in LIMIT_OPTIONS:
        value = getattr(limits, attr)
        if value != getattr(defaults, attr) and value is not None:
            args += [option, str(value)]
    return " ".join(shlex.quote(a) for a in args)


def _add(zf: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    mode = 0o755 if executable else 0o644
    info.external_attr = (stat.S_IFREG | mode) << 16
    zf.writestr(info, data)


def build(output: Path, *, topics_=(), budget: float = 900.0, lang: str = "en",
          limits: Limits = Limits(), isolation: str = "auto", root: Path = ROOT) -> list[str]:
    """Write the archive to `output`; the names it holds. The same suite and
    options give the same bytes."""
    run = RUN_AUTOGRADER.replace("@OPTIONS@", _options(topics_, budget, lang, limits, isolation))
    files: dict[str, Path] = {}
    for item in LAYOUT_ITEMS:
        path = root / item
        if path.is_file():
            files[item] = path
        elif path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and "__pycache__" not in sub.parts and sub.suffix != ".pyc":
                    files[sub.relative_to(root).as_posix()] = sub
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w") as zf:
        _add(zf, "setup.sh", SETUP_SH.encode(), executable=True)
        _add(zf, "run_autograder", run.encode(), executable=True)
        for name in sorted(files):
            _add(zf, name, files[name].read_bytes())
    return ["setup.sh", "run_autograder", *sorted(files)]
