"""Broken topic modules: each fails its own topic's checks with one line, never the run."""
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from harness import impl, run_sandboxed

PROBE_SECONDS = 1.5   # the throw-away suite lowers harness.impl.PROBE_SECONDS (10 s)

# topic -> source of sub/<topic>.py (None: no file)
MODULES = {
    "framing": "def answer():\n    return 42\n",                      # fine
    "tcp": "def answer():\n    return 42\ndef broken(:\n",            # line 3
    "udp": "def helper():\n    raise RuntimeError('boom at import')\n\nhelper()\n",
    "cli": "import sys\nsys.exit(3)\n",
    "sockopts": "import os\nos._exit(0)\n",
    "nonblocking": "import time\ntime.sleep(3600)\n",
    "multiplexing": None,
    "addresses": ("def answer():\n    raise NotImplementedError\n\n\n"
                  "def serve_answers(listener):\n"
                  "    raise NotImplementedError('serve_answers')\n"),
}

CHECKS = """
    from harness import topic

    {topic} = topic({topic!r})

    def test_first():
        \"\"\"The first check of the topic.\"\"\"
        assert {topic}.answer() == 42

    def test_second():
        \"\"\"Another check of the topic.\"\"\"
        assert {topic}.answer() == 42
"""

STUB_CHECKS = """
    from harness import run_sandboxed, serve, topic

    addresses = topic("addresses")

    def test_direct():
        \"\"\"A stub called in the pytest process.\"\"\"
        assert addresses.answer() == 42

    def test_sandboxed():
        \"\"\"A stub called in the sandbox.\"\"\"
        assert run_sandboxed(addresses.answer) == 42

    def test_served():
        \"\"\"A stub server.\"\"\"
        with serve(addresses.serve_answers):
            pass
"""


@pytest.fixture(scope="module")
def broken(make_suite):
    suite = make_suite("broken")
    suite.write("conftest.py", f"""
        import harness.impl

        pytest_plugins = ["harness.plugin"]
        harness.impl.PROBE_SECONDS = {PROBE_SECONDS}
    """)
    for name, source in MODULES.items():
        if source is not None:
            suite.write(f"sub/{name}.py", source)
        template = STUB_CHECKS if name == "addresses" else CHECKS
        suite.write(f"checks/test_{name}.py", template.format(topic=name))
    return suite.run("--impl=sub")


def _one_line(run, topic):
    """The output of both checks of `topic`: failed, the same single line."""
    outputs = []
    for name in ("test_first", "test_second"):
        entry = next(t for t in run.results["tests"]
                     if t["name"] == f"checks/test_{topic}.py::{name}")
        assert entry["status"] == "failed", entry
        assert entry["score"] == 0
        outputs.append(entry["output"])
    assert outputs[0] == outputs[1], outputs
    assert len(outputs[0].splitlines()) == 1, outputs[0]
    # the student's own file, relative to where pytest runs; not the alias link
    prefix = f"cannot use the implementation: sub/{topic}.py"
    assert outputs[0].startswith(prefix), outputs[0]
    return outputs[0]


def test_the_run_completes(broken):
    """Broken modules never abort the run: exit 1 (failures), every check reported."""
    assert broken.ret == 1, broken.text
    assert len(broken.results["tests"]) == 2 * len(MODULES) + 1
    assert "INTERNALERROR" not in broken.stdout + broken.stderr
    assert not broken.leftovers


def test_other_topics_pass(broken):
    """The good topic's checks pass while every other topic is broken."""
    for name in ("test_first", "test_second"):
        entry = next(t for t in broken.results["tests"]
                     if t["name"] == f"checks/test_framing.py::{name}")
        assert entry["status"] == "passed", entry


def test_syntax_error(broken):
    """A syntax error reads as one line naming tcp.py and line 3."""
    line = _one_line(broken, "tcp")
    assert re.search(r"tcp\.py, line 3: SyntaxError: invalid syntax", line), line


def test_exception_at_import(broken):
    """An exception at import names the innermost line of the module and the error."""
    line = _one_line(broken, "udp")
    assert re.search(r"udp\.py, line 2: RuntimeError: boom at import$", line), line


def test_sys_exit_at_import(broken):
    """sys.exit(3) at import reads as one line naming cli.py, line 2."""
    line = _one_line(broken, "cli")
    assert re.search(r"cli\.py, line 2: sys\.exit\(3\) called at import time", line), line


def test_os_exit_at_import(broken):
    """os._exit(0) at import fails the topic, naming file and line, without ending the run."""
    line = _one_line(broken, "sockopts")
    assert re.search(r"sockopts\.py, line \d+: os\._exit\(0\) called at import time", line), line


def test_import_that_hangs(broken):
    """An import that never ends is cut off after PROBE_SECONDS, naming file and line."""
    line = _one_line(broken, "nonblocking")
    assert re.search(r"nonblocking\.py, line \d+: importing nonblocking\.py did not "
                     rf"finish within {PROBE_SECONDS:g} s", line), line


def test_missing_module(broken):
    """A topic module that does not exist reads as 'missing'."""
    line = _one_line(broken, "multiplexing")
    assert re.search(r"sub/multiplexing\.py: missing", line), line


@pytest.mark.parametrize("check, function", [
    ("test_direct", "answer"),
    ("test_sandboxed", "answer"),
    ("test_served", "serve_answers"),
])
def test_not_implemented_is_one_line(broken, check, function):
    """A stub's NotImplementedError reads "not implemented yet: addresses.<function>"."""
    entry = next(t for t in broken.results["tests"]
                 if t["name"] == f"checks/test_addresses.py::{check}")
    assert entry["status"] == "failed"
    assert entry["output"] == f"not implemented yet: addresses.{function}", entry


def test_the_default_probe_time_is_10_seconds():
    """The import probe gives a module 10 s by default (the spec's value)."""
    assert impl.PROBE_SECONDS == 10.0


FORKS_AT_IMPORT = """
import os
import select

if os.fork() == 0:          # demo code at module level: the child lingers
    select.select([], [], [], 30)
    os._exit(0)


def answer():
    return 42
"""


def _load_answer(folder, name):
    """In a sandbox: select `folder` as the implementation, call name.answer()."""
    impl.configure(Path(folder), allow_reference=True)
    try:
        return impl.load(name).answer()
    finally:
        shutil.rmtree(impl._State.link_dir, ignore_errors=True)


def test_import_that_forks_does_not_stall_the_probe(tmp_path, monkeypatch):
    """A module that forks a lingering child at import still loads promptly."""
    assert impl.ALIAS not in sys.modules
    (tmp_path / "impl").mkdir()
    (tmp_path / "impl" / "processes.py").write_text(FORKS_AT_IMPORT)
    # the sandbox inherits this: configure()'s link folder lands in tmp_path,
    # even when the sandbox is killed before it can remove it
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert run_sandboxed(_load_answer, str(tmp_path / "impl"), "processes",
                         timeout=2.0) == 42


def test_nothing_is_imported_at_collection(suite):
    """Collecting the checks does not import the implementation's topic modules."""
    suite.write("exercises/tcp.py", """
        from pathlib import Path

        Path("imported.txt").write_text("tcp.py was imported")

        def answer():
            return 42
    """)
    suite.write("checks/test_tcp.py", CHECKS.format(topic="tcp"))
    run = suite.run("--collect-only", results=False)
    assert run.ret == 0, run.text
    assert not (suite.path / "imported.txt").exists()
