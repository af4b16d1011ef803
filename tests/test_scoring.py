"""Scores, hints, the per-topic table, --topic, and the Gradescope results JSON."""
import pytest

ADDRESSES = '''
    def test_passes():
        """addresses: passes."""
'''

TCP = '''
    import socket

    import pytest

    KEPT = []


    @pytest.fixture
    def broken_fixture():
        raise RuntimeError("the fixture broke")


    @pytest.mark.points(3)
    def test_three_points_pass():
        """Worth 3, passes."""


    def test_default_points_pass():
        """Worth the default 1, passes."""


    @pytest.mark.points(2)
    def test_two_points_fail():
        """recv_all joins every chunk.

        Hint: one recv returns what has arrived, not the whole message;
        loop until recv returns b"".
        """
        assert False, "recv_all(sock) returned b'ab', expected b'abc'"


    @pytest.mark.points(4)
    def test_four_points_leak():
        """Worth 4, its body passes but it leaves a socket open."""
        KEPT.append(socket.socket())


    @pytest.mark.points(1.5)
    def test_setup_error(broken_fixture):
        """Worth 1.5, its fixture fails."""


    @pytest.mark.points(5)
    @pytest.mark.skip(reason="not on this platform")
    def test_five_points_skipped():
        """Worth 5, skipped by a marker."""


    @pytest.mark.points(7)
    def test_seven_points_skip_at_run_time():
        """Worth 7, skips itself."""
        pytest.skip("needs IPv6")
'''

FRAMING = '''
    def test_framing_fails():
        """framing: fails (and is collected before tcp)."""
        assert False, "decode_frames returned [], expected [b'x']"
'''

# name -> (score, max_score, status) of every check that counts
EXPECTED = {
    "test_passes": (1, 1, "passed"),
    "test_three_points_pass": (3, 3, "passed"),
    "test_default_points_pass": (1, 1, "passed"),
    "test_two_points_fail": (0, 2, "failed"),
    "test_four_points_leak": (0, 4, "failed"),
    "test_setup_error": (0, 1.5, "failed"),
    "test_framing_fails": (0, 1, "failed"),
}


def _write(suite):
    suite.write("checks/test_addresses.py", ADDRESSES)
    suite.write("checks/test_tcp.py", TCP)
    suite.write("checks/test_framing.py", FRAMING)
    return suite


@pytest.fixture(scope="module")
def scored_suite(make_suite):
    return _write(make_suite("scored"))


@pytest.fixture(scope="module")
def scored(scored_suite):
    return scored_suite.run()


def _summary(run):
    return {name: (t["score"], t["max_score"], t["status"]) for name, t in run.tests.items()}


def test_points_marker_and_default(scored):
    """max_score is the points marker's value, 1 without one."""
    maxima = {name: t["max_score"] for name, t in scored.tests.items()}
    assert maxima == {name: e[1] for name, e in EXPECTED.items()}


def test_score_is_sum_of_passed_points(scored):
    """score sums the points of passed checks; max_score those of every counted check."""
    assert _summary(scored) == EXPECTED
    assert scored.results["score"] == 1 + 3 + 1
    assert scored.results["max_score"] == 1 + 3 + 1 + 2 + 4 + 1.5 + 1


def test_gradescope_fields(scored):
    """Every test entry has the Gradescope fields, visible, tagged with its topic."""
    for t in scored.results["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(t)
        assert t["visibility"] == "visible"
        assert t["name"].startswith("checks/test_")
    assert scored.test("test_passes")["tags"] == ["addresses"]
    assert scored.test("test_framing_fails")["tags"] == ["framing"]


def test_leak_in_teardown_counts_as_failed(scored):
    """A check whose body passed but which leaked scores nothing."""
    leak = scored.test("test_four_points_leak")
    assert (leak["status"], leak["score"]) == ("failed", 0)
    assert "file descriptor" in leak["output"]


def test_setup_error_counts_as_failed(scored):
    """A check whose fixture fails scores nothing."""
    assert scored.test("test_setup_error")["status"] == "failed"
    assert "the fixture broke" in scored.output("test_setup_error")


def test_skipped_checks_are_excluded(scored):
    """Skipped checks (by marker or at run time) count towards neither score nor maximum."""
    assert "test_five_points_skipped" not in scored.tests
    assert "test_seven_points_skip_at_run_time" not in scored.tests


def test_hint_shown_under_a_failure(scored):
    """A failure shows the docstring's first line, the assertion message and the Hint paragraph."""
    lines = scored.output("test_two_points_fail").splitlines()
    assert lines[:2] == ["recv_all joins every chunk.",
                         "  recv_all(sock) returned b'ab', expected b'abc'"], lines
    assert lines[-2:] == [
        "  Hint: one recv returns what has arrived, not the whole message; loop until",
        '        recv returns b"".'], lines
    assert "Traceback" not in scored.stdout


def test_summary_table(scored):
    """The table shows each topic in learning order: passed/total, points, TODO or ✓."""
    lines = scored.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "netlab: exercises" in line)
    table = [" ".join(line.split()) for line in lines[start + 1:start + 6]]
    assert table == [
        "# topic checks points status",
        "2 addresses 1/1 1/1 ✓",
        "3 tcp 2/5 4/11.5 TODO",
        "4 framing 0/1 0/1 TODO",
        "total 3/7 5/13.5",
    ], table


def test_next_names_first_failing_topic_in_learning_order(scored):
    """"Next:" names tcp (topic 3), not framing (collected first), and its first failure."""
    lines = scored.stdout.splitlines()
    nxt = [line for line in lines if line.startswith("Next:")]
    assert len(nxt) == 1 and nxt[0].startswith("Next: tcp ("), nxt
    after = lines[lines.index(nxt[0]) + 1:]
    assert after[0] == "  first failing check: checks/test_tcp.py::test_two_points_fail"
    assert any(line.startswith("  rerun this topic: pytest --topic tcp")
               for line in after[:8]), after


def test_all_passing_says_so(suite):
    """When every check passes the table ends with 'All checks pass.' and no Next: line."""
    suite.write("checks/test_addresses.py", ADDRESSES)
    run = suite.run()
    assert run.ret == 0
    assert "All checks pass." in run.stdout and "Next:" not in run.stdout
    assert run.results["score"] == run.results["max_score"] == 1


def test_topic_option_runs_only_that_topic(scored_suite):
    """`--topic framing` runs framing's checks only; the JSON holds only them."""
    run = scored_suite.run("--topic", "framing")
    assert set(run.tests) == {"test_framing_fails"}
    assert (run.results["score"], run.results["max_score"]) == (0, 1)
    assert "8 deselected" in run.stdout, run.stdout


def test_unknown_topic_is_a_usage_error(scored_suite):
    """An unknown --topic is a usage error naming it and listing the known topics."""
    run = scored_suite.run("--topic", "framming")
    assert run.ret == pytest.ExitCode.USAGE_ERROR, run.text
    assert "--topic 'framming': unknown topic; known: concepts, addresses, tcp" in run.stderr
    assert run.results is None


def test_results_json_under_xdist(scored_suite, scored):
    """Under `-n 2` the results JSON is written too, with the same checks and totals."""
    run = scored_suite.run("-n", "2")
    assert _summary(run) == _summary(scored)
    assert (run.results["score"], run.results["max_score"]) == \
        (scored.results["score"], scored.results["max_score"])
    assert run.output("test_two_points_fail") == scored.output("test_two_points_fail")
    assert "Next: tcp (" in run.stdout
