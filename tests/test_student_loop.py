"""The student's loop: learning order, one screen on the first run, the table
last, grouped stubs, the current topic's failures in full, --sw, --lf, the
topic-done line, colour, and a failing check costing what a passing one does.
"""
import re
import time

import pytest

from harness import topics

FAIL_MARK = "MARK-{name}-failed"

STUB_FUNCTIONS = 4          # unwritten functions per topic in the full-size suite
CHECKS_PER_FUNCTION = 8     # 17 topics x 32 checks: about the suite's real size


def _topic_checks(name: str, functions: int, per_function: int) -> str:
    """checks/test_<name>.py: per_function checks calling each function."""
    lines = ["import pytest", "from harness import topic", f"mod = topic({name!r})", ""]
    for f in range(functions):
        lines += [f"@pytest.mark.parametrize('n', range({per_function}))",
                  f"def test_f{f}(n):",
                  f'    """{name}: f{f} works.\n\n    Hint: write f{f}.\n\n'
                  f'    中文: {name} 的 f{f} 正常工作。\n\n    提示: 实现 f{f}。\n    """',
                  f"    assert mod.f{f}() == {f}", ""]
    return "\n".join(lines)


def _topic_module(functions: int, stub: bool) -> str:
    body = "raise NotImplementedError" if stub else "return {f}"
    return "\n".join(f"def f{f}():\n    {body.format(f=f)}\n" for f in range(functions))


def _full_size(suite, stub: bool = True):
    for t in topics.TOPICS:
        suite.write(f"checks/test_{t.name}.py",
                    _topic_checks(t.name, STUB_FUNCTIONS, CHECKS_PER_FUNCTION))
        suite.write(f"exercises/{t.name}.py", _topic_module(STUB_FUNCTIONS, stub))
    return suite


@pytest.fixture(scope="module")
def stub_suite(make_suite):
    return _full_size(make_suite("stubs"))


@pytest.fixture(scope="module")
def first_run(stub_suite):
    return stub_suite.run(env={"COLUMNS": "80"})


def _visible_lines(text: str) -> list[str]:
    return text.rstrip("\n").splitlines()


def test_first_run_fits_one_screen(first_run):
    """All 17 topics of fresh stubs: the whole output fits 40 lines at 80 columns."""
    lines = _visible_lines(first_run.stdout)
    assert first_run.ret == 1
    assert len(lines) <= 40, f"{len(lines)} lines:\n" + first_run.stdout
    assert max(len(line) for line in lines) <= 80, first_run.stdout


def test_first_run_table_and_next_come_last(first_run):
    """pytest's closing line comes before the table; the next step is the last thing."""
    lines = _visible_lines(first_run.stdout)
    closing = next(i for i, line in enumerate(lines) if re.search(r"\d+ failed", line))
    title = next(i for i, line in enumerate(lines) if "netlab: exercises" in line)
    assert closing < title, first_run.stdout
    assert lines[-1].startswith("  rerun this topic: pytest --topic concepts"), lines[-1]
    rows = [line.split()[1] for line in lines[title + 2:title + 2 + len(topics.TOPICS)]]
    assert rows == [t.name for t in topics.TOPICS]


def test_first_run_groups_stubs_by_function(first_run):
    """One line per unwritten function of the current topic, with its check count;
    no line per check anywhere."""
    out = first_run.stdout
    assert "FAILED" not in out and "not implemented yet: " not in out, out
    assert "not implemented yet (4 functions, 32 checks waiting):" in out, out
    for f in range(STUB_FUNCTIONS):
        assert f"    concepts.f{f}: {CHECKS_PER_FUNCTION} checks" in out, out
    assert "addresses.f0" not in out, "only the current topic's functions are listed"
    assert "  write f0 in exercises/concepts.py: its docstring is the spec" in out


def test_first_run_in_chinese_fits_one_screen(stub_suite):
    """The same first run in Chinese: one screen, every line within 80 display columns."""
    from harness.i18n import width
    run = stub_suite.run("--lang", "zh", env={"COLUMNS": "80"})
    lines = _visible_lines(run.stdout)
    assert len(lines) <= 40, run.stdout
    assert max(width(line) for line in lines) <= 80, run.stdout
    assert "尚未实现（4 个函数，32 个检查在等待）:" in run.stdout


def test_learning_order_not_file_order(suite):
    """Checks run in CURRICULUM order (concepts, tcp, framing), not alphabetical
    file order, and the same with -n 2."""
    for name in ("framing", "tcp", "concepts"):
        suite.write(f"checks/test_{name}.py", _topic_checks(name, 1, 2))
        suite.write(f"exercises/{name}.py", _topic_module(1, stub=False))
    run = suite.run("--collect-only", "-q", results=False)
    ids = [line for line in run.stdout.splitlines() if "::" in line]
    files = [i.split("::")[0] for i in ids]
    assert files == ["checks/test_concepts.py"] * 2 + ["checks/test_tcp.py"] * 2 + \
        ["checks/test_framing.py"] * 2, run.stdout
    parallel = suite.run("-n", "2")
    assert parallel.ret == 0, parallel.text
    assert [t["tags"][0] for t in parallel.results["tests"]] == \
        ["concepts"] * 2 + ["tcp"] * 2 + ["framing"] * 2


def test_shuffle_is_a_seeded_order(suite):
    """--shuffle SEED: a random order, the same for the same seed and in every
    xdist worker (which refuses to run when workers collect differently), while
    the table keeps learning order."""
    for name in ("framing", "tcp", "concepts"):
        suite.write(f"checks/test_{name}.py", _topic_checks(name, 2, 4))
        suite.write(f"exercises/{name}.py", _topic_module(2, stub=False))

    def order(*args):
        run = suite.run("--collect-only", "-q", *args, results=False)
        return [line for line in run.stdout.splitlines() if "::" in line]

    learning = order()
    shuffled = order("--shuffle", "7")
    assert len(learning) == 24 and sorted(shuffled) == sorted(learning)
    assert shuffled != learning
    assert order("--shuffle", "7") == shuffled
    assert order("--shuffle", "8") != shuffled
    parallel = suite.run("-n", "2", "--shuffle", "7")
    assert parallel.ret == 0, parallel.text
    table = [line.split()[1] for line in parallel.stdout.splitlines()
             if re.match(r"\s+\d+\s+(concepts|tcp|framing)\s", line)]
    assert table == ["concepts", "tcp", "framing"], parallel.stdout


CURRENT_AND_OTHER = '''
    def test_real_failure():
        """{name}: a real failure.

        Hint: look at {name}.
        """
        assert False, "MARK-{name}-failed"
'''


@pytest.fixture(scope="module")
def two_failing(make_suite):
    suite = make_suite("two_failing")
    for name in ("tcp", "framing"):
        suite.write(f"checks/test_{name}.py", CURRENT_AND_OTHER.format(name=name))
    return suite


def test_only_current_topic_failures_in_full(two_failing):
    """By default the current topic's failures are shown; other topics' are counted."""
    run = two_failing.run()
    assert FAIL_MARK.format(name="tcp") in run.stdout
    assert FAIL_MARK.format(name="framing") not in run.stdout, run.stdout
    assert "2 failed" in run.stdout
    assert "framing" in run.stdout  # its row in the table
    # graders keep every message
    assert FAIL_MARK.format(name="framing") in run.output("test_real_failure") or \
        FAIL_MARK.format(name="framing") in "".join(t["output"] for t in run.results["tests"])


@pytest.mark.parametrize("option", ["--all-failures", "-v"])
def test_all_failures_on_request(two_failing, option):
    """--all-failures and -v show every failure."""
    run = two_failing.run(option)
    assert FAIL_MARK.format(name="tcp") in run.stdout
    assert FAIL_MARK.format(name="framing") in run.stdout, run.stdout


STEPS = '''
    from harness import topic
    tcp = topic("tcp")

    def test_a():
        """a."""
        assert tcp.a()

    def test_b():
        """b."""
        assert tcp.b()

    def test_c():
        """c."""
        assert tcp.c()
'''


def _steps(suite, b_works: bool):
    suite.write("exercises/tcp.py", f"def a():\n    return True\n\n"
                f"def b():\n    return {b_works}\n\ndef c():\n    return True\n")


def _ran(run) -> list[str]:
    return sorted(run.tests)


def test_stepwise_stops_and_resumes(suite):
    """--sw stops at the first failure and resumes there once it is fixed."""
    suite.write("checks/test_tcp.py", STEPS)
    _steps(suite, b_works=False)
    first = suite.run("--sw", cache=True)
    assert first.ret in (1, 2) and _ran(first) == ["test_a", "test_b"], first.text
    _steps(suite, b_works=True)
    second = suite.run("--sw", cache=True)
    assert second.ret == 0 and _ran(second) == ["test_b", "test_c"], second.text


def test_last_failed_reruns_only_failures(suite):
    """--lf runs only what failed last time."""
    suite.write("checks/test_tcp.py", STEPS)
    _steps(suite, b_works=False)
    suite.run(cache=True)
    again = suite.run("--lf", cache=True)
    assert _ran(again) == ["test_b"], again.text


def test_topic_done_congratulates_once(suite):
    """A topic that becomes complete gets one line naming the next topic and its
    seed terms; the run after does not repeat it."""
    suite.write("checks/test_tcp.py", STEPS)
    _steps(suite, b_works=False)
    suite.run(cache=True)
    _steps(suite, b_works=True)
    done = suite.run(cache=True)
    framing = topics.BY_NAME["framing"]
    line = f"✓ tcp done! Next up: framing ({framing.seed_terms})"
    assert line in done.stdout.splitlines(), done.stdout
    assert line not in suite.run(cache=True).stdout


def test_colour_only_when_asked(two_failing):
    """The table is coloured with --color=yes and plain with --color=no."""
    coloured = two_failing.run("--color=yes")
    plain = two_failing.run("--color=no")
    row = [line for line in coloured.stdout.splitlines() if "tcp" in line and "0/1" in line]
    assert row and "\x1b[" in row[0], coloured.stdout
    assert "\x1b[" not in plain.stdout


FAST = '''
    import pytest

    def _deep(n):
        if n == 0:
            assert {outcome}, "the value was wrong"
        return _deep(n - 1)

    @pytest.mark.parametrize("n", range(300))
    def test_many(n):
        """A check {outcome}.

        Hint: nothing.
        """
        _deep(20)
'''


def _timed(suite, *args) -> float:
    start = time.monotonic()
    suite.run(*args)
    return time.monotonic() - start


def test_failing_check_costs_what_passing_costs(make_suite):
    """300 failing checks take about as long as 300 passing ones (no long
    traceback is built for the short report); --tb=long, which builds them,
    shows what the test would catch."""
    passing = make_suite("passing")
    passing.write("checks/test_tcp.py", FAST.format(outcome="True"))
    failing = make_suite("failing")
    failing.write("checks/test_tcp.py", FAST.format(outcome="False"))
    _timed(passing)                       # warm the bytecode cache
    base = min(_timed(passing) for _ in range(2))
    short = min(_timed(failing) for _ in range(2))
    long_tb = _timed(failing, "--tb=long")
    assert short <= 1.5 * base, (short, base)
    assert long_tb > short, (long_tb, short)
