"""Choosing the implementation: --impl, ini `impl`, NETLAB_IMPL, the alias package."""
import re

import pytest

WHICH_CHECK = """
    from harness import topic

    tcp = topic("tcp")

    def test_which():
        \"\"\"The selected implementation is the expected one.\"\"\"
        assert tcp.which() == {expected!r}
"""


# Two ways a tcp.py may reach the reference tcp.py: by package name, and by
# putting solutions/ on sys.path. Appended to a tcp.py written at 8 spaces.
REFERENCE_IMPORTS = """
        def cheat():
            from solutions import tcp
            return tcp.which()

        def cheat_by_path():
            import os
            import sys
            sys.path.insert(0, os.path.join(os.getcwd(), "solutions"))
            try:
                import tcp as reference    # the reference tcp.py, by another name
            finally:
                del sys.path[0]
            return reference.which()
"""


def _impls(suite, *folders):
    """Give each folder a tcp.py whose which() names the folder."""
    for folder in folders:
        suite.write(f"{folder}/tcp.py", f"def which():\n    return {folder!r}\n")


def _expect(suite, expected):
    suite.write("checks/test_tcp.py", WHICH_CHECK.format(expected=expected))


def _ini_impl(suite, value):
    ini = suite.path / "pytest.ini"
    ini.write_text(ini.read_text() + f"impl = {value}\n")


def _selected(run):
    assert run.ret == 0, run.text
    assert run.test("test_which")["status"] == "passed", run.text
    assert not run.leftovers


def test_default_is_exercises(suite):
    """Without any setting the checks run against exercises/."""
    _impls(suite, "exercises", "solutions")
    _expect(suite, "exercises")
    run = suite.run()
    _selected(run)
    folder = (suite.path / "exercises").resolve()
    assert "netlab implementation: exercises; language: English" in run.stdout, folder


def test_impl_solutions(suite):
    """`--impl solutions` (two arguments, as a student types it) selects solutions/."""
    _impls(suite, "exercises", "solutions")
    _expect(suite, "solutions")
    _selected(suite.run("--impl", "solutions"))


def test_impl_relative_path_and_header(suite):
    """`--impl=./sub/../sub` selects sub/; the header names the resolved folder."""
    _impls(suite, "exercises", "solutions", "sub")
    _expect(suite, "sub")
    run = suite.run("--impl=./sub/../sub")
    _selected(run)
    header = "netlab implementation: ./sub/../sub (sub)"   # resolved, relative to cwd
    assert any(line.startswith(header) for line in run.stdout.splitlines()), run.stdout


def test_impl_absolute_path_outside_the_suite(suite, tmp_path_factory):
    """`--impl=/abs/path` selects a folder anywhere, e.g. a submission's."""
    _impls(suite, "exercises", "solutions")
    submission = tmp_path_factory.mktemp("submission")
    (submission / "tcp.py").write_text("def which():\n    return 'submission'\n")
    _expect(suite, "submission")
    run = suite.run(f"--impl={submission}")
    _selected(run)
    assert f"netlab implementation: {submission.resolve()}; language" in run.stdout


@pytest.mark.parametrize("cli, env, expected", [
    pytest.param(None, None, "sub", id="ini-alone"),
    pytest.param(None, "solutions", "solutions", id="env-beats-ini"),
    pytest.param("exercises", "solutions", "exercises", id="cli-beats-env-and-ini"),
])
def test_precedence_cli_env_ini(suite, cli, env, expected):
    """The ini key `impl` selects; NETLAB_IMPL beats it; --impl beats both."""
    _impls(suite, "exercises", "solutions", "sub")
    _ini_impl(suite, "sub")
    _expect(suite, expected)
    run = suite.run(*([f"--impl={cli}"] if cli else []),
                    env={"NETLAB_IMPL": env} if env else None)
    _selected(run)


def test_missing_folder_is_a_usage_error(suite):
    """A folder that does not exist is a usage error naming it; no check runs."""
    _impls(suite, "exercises", "solutions")
    _expect(suite, "exercises")
    run = suite.run("--impl=no_such_submission")
    assert run.ret == pytest.ExitCode.USAGE_ERROR, run.text
    assert "'no_such_submission': no such folder" in run.stderr
    assert str((suite.path / "no_such_submission").resolve()) in run.stderr
    assert run.results is None


# ---- one run of a submission in sub/ that imports its own modules, has
# ---- modules named like the stdlib, and tries to import the reference

@pytest.fixture(scope="module")
def alias_run(make_suite):
    suite = make_suite("alias")
    _impls(suite, "exercises")
    suite.write("solutions/tcp.py", "def which():\n    return 'solutions'\n")
    suite.write("sub/framing.py", "import solutions\n")           # line 1
    suite.write("sub/addresses.py", "MAGIC = 'addresses of sub'\n")
    suite.write("sub/http.py", "raise RuntimeError('sub/http.py imported as the stdlib http')\n")
    suite.write("sub/socket.py", "LOCAL = 'the socket.py of sub'\n")
    suite.write("sub/tcp.py", """
        import socket
        from . import addresses
        from .addresses import MAGIC
        from . import socket as local_socket

        def which():
            return (addresses.MAGIC, MAGIC, __name__)

        def names():
            import http.client
            return (socket.AF_INET.name, local_socket.LOCAL, http.client.OK.value)

    """ + REFERENCE_IMPORTS)
    suite.write("checks/test_tcp.py", """
        from harness import run_sandboxed, topic
        from harness.net import tcp_pair

        tcp = topic("tcp")

        def test_cross_import():
            \"\"\"tcp.py reaches addresses.py with `from . import addresses`.\"\"\"
            assert tcp.which() == ("addresses of sub", "addresses of sub",
                                   "netlab_impl.tcp")

        def test_stdlib_names():
            \"\"\"socket/http are the stdlib's; `from . import socket` is sub's.\"\"\"
            assert tcp.names() == ("AF_INET", "the socket.py of sub", 200)
            a, b = tcp_pair()          # the harness's own socket use still works
            with a, b:
                a.sendall(b"x")
                assert b.recv(1) == b"x"
            assert run_sandboxed(tcp.names)[1] == "the socket.py of sub"

        def test_cheat():
            \"\"\"The submission imports the reference at run time.\"\"\"
            assert tcp.cheat() == "solutions"

        def test_cheat_by_path():
            \"\"\"The submission imports the reference from its folder, by another name.\"\"\"
            assert tcp.cheat_by_path() == "solutions"
    """)
    suite.write("checks/test_framing.py", """
        from harness import topic

        framing = topic("framing")

        def test_cheat_at_import():
            \"\"\"framing.py imports the reference at import time.\"\"\"
            framing.anything
    """)
    return suite.run("--impl=sub")


def test_topic_modules_import_each_other(alias_run):
    """Inside the implementation, `from . import addresses` reaches its own addresses.py."""
    assert alias_run.test("test_cross_import")["status"] == "passed", alias_run.text


def test_stdlib_names_do_not_collide(alias_run):
    """An implementation's socket.py or http.py shadows neither the stdlib nor the harness."""
    assert alias_run.test("test_stdlib_names")["status"] == "passed", alias_run.text


def test_submission_cannot_import_solutions_at_run_time(alias_run):
    """A submission's `from solutions import tcp` in a function raises a clear ImportError."""
    cheat = alias_run.test("test_cheat")
    assert cheat["status"] == "failed"
    assert "ImportError: import of 'solutions' refused: the reference solutions " \
           "are not available" in cheat["output"], cheat["output"]


def test_submission_cannot_import_solutions_by_path(alias_run):
    """Importing the reference's files under another name (sys.path) is refused too."""
    cheat = alias_run.test("test_cheat_by_path")
    assert cheat["status"] == "failed"
    assert "import of" in cheat["output"] and "refused" in cheat["output"], cheat["output"]


def test_submission_cannot_import_solutions_at_import_time(alias_run):
    """`import solutions` at module level fails that topic with one line naming file and line."""
    out = alias_run.output("test_cheat_at_import")
    assert re.fullmatch(r"cannot use the implementation: \S*framing\.py, line 1: "
                        r"ImportError: import of 'solutions' refused: .*", out), out
    assert alias_run.test("test_cheat_at_import")["status"] == "failed"
    assert not alias_run.leftovers


def test_solutions_may_import_themselves(suite):
    """With `--impl solutions`, the reference's own `from solutions import tcp` works."""
    suite.write("solutions/tcp.py", """
        def which():
            return "solutions"

    """ + REFERENCE_IMPORTS)
    suite.write("checks/test_tcp.py", """
        from harness import topic

        tcp = topic("tcp")

        def test_cheat():
            \"\"\"The reference imports itself.\"\"\"
            assert tcp.cheat() == "solutions"
    """)
    run = suite.run("--impl", "solutions")
    assert run.ret == 0, run.text
    assert run.results["score"] == run.results["max_score"] == 1
