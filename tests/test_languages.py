"""中文 and English: choosing the language, each check's two texts and the
fallback, harness messages, the translations gate, and the table's alignment
with Chinese text."""
import json
import subprocess
import sys

import pytest

from harness import i18n, reporting
from harness.gates import missing_translations

from conftest import REPO


# -- choosing -------------------------------------------------------------------

@pytest.mark.parametrize("option, env, ini, locale, expected", [
    (None, None, None, {}, "en"),
    (None, None, None, {"LANG": "zh_CN.UTF-8"}, "zh"),
    (None, None, None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, None, None, {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    (None, None, None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins
    (None, None, None, {"LC_MESSAGES": "zh_CN", "LANG": "C"}, "zh"),
    (None, None, "zh", {"LANG": "en_US"}, "zh"),       # ini beats the locale
    (None, "en", "zh", {"LANG": "zh_CN"}, "en"),        # env beats ini
    ("zh", "en", "en", {}, "zh"),                       # the option beats all
    (None, "ZH", None, {}, "zh"),                       # any case
])
def test_choose(option, env, ini, locale, expected):
    """--lang > NETLAB_LANG > ini lang > LC_ALL/LC_MESSAGES/LANG > English."""
    assert i18n.choose(option, env, ini, environ=locale) == expected


def test_choose_rejects_other_languages():
    """A language other than en or zh is an error naming the value and where it came from."""
    with pytest.raises(ValueError, match="NETLAB_LANG 'fr'"):
        i18n.choose(None, "fr", None, environ={})


# -- a suite with a Chinese and an English-only check ---------------------------

CHECKS = '''
    from harness import topic

    tcp = topic("tcp")

    def test_both_languages():
        """recv_all joins every chunk.

        Hint: loop until recv returns b"".

        中文: recv_all 拼接所有数据块。

        提示: 一次 recv 不一定收到全部数据，要循环直到 recv 返回 b""。
        """
        assert False, "recv_all(sock) returned b'ab'"

    def test_english_only():
        """send_all sends everything.

        Hint: loop over partial sends.
        """
        assert False, "send_all sent 2 of 3 bytes"

    def test_stub():
        """A stub."""
        tcp.not_written()
'''

TCP = "def not_written():\n    raise NotImplementedError\n"


@pytest.fixture(scope="module")
def bilingual(make_suite):
    suite = make_suite("bilingual")
    suite.write("checks/test_tcp.py", CHECKS)
    suite.write("exercises/tcp.py", TCP)
    return suite


@pytest.fixture(scope="module")
def zh_run(bilingual):
    return bilingual.run("--lang", "zh", "--all-failures")


def test_description_and_hint_in_chinese(zh_run):
    """With --lang zh a failure reads as the 中文 line and the 提示 paragraph."""
    output = zh_run.output("test_both_languages")
    assert output.splitlines()[0] == "recv_all 拼接所有数据块。", output
    assert "提示: 一次 recv 不一定收到全部数据" in output
    assert "Hint:" not in output and "joins every chunk" not in output


def test_missing_translation_falls_back_to_english(zh_run):
    """A check without Chinese text shows its English line and hint."""
    output = zh_run.output("test_english_only")
    assert output.splitlines()[0] == "send_all sends everything.", output
    assert "loop over partial sends" in output


def test_stub_line_and_table_in_chinese(zh_run):
    """The stub line, the table, Next and the header speak Chinese."""
    assert zh_run.output("test_stub") == "尚未实现: tcp.not_written"
    out = zh_run.stdout
    assert "netlab 实现: exercises；语言: 中文" in out
    assert "netlab: exercises（中文）" in out
    assert "下一步: tcp（" in out and "待完成" in out, out


def test_english_unchanged(bilingual):
    """--lang en keeps the English texts."""
    run = bilingual.run("--lang", "en")
    assert run.output("test_both_languages").splitlines()[0] == "recv_all joins every chunk."
    assert run.output("test_stub") == "not implemented yet: tcp.not_written"
    assert "Next: tcp (" in run.stdout


@pytest.mark.parametrize("how", ["env", "ini", "locale"])
def test_other_ways_to_choose_chinese(make_suite, how):
    """NETLAB_LANG=zh, the ini key lang = zh, and a zh locale all choose Chinese;
    --lang en overrides each."""
    suite = make_suite("choose")
    suite.write("checks/test_tcp.py", CHECKS)
    suite.write("exercises/tcp.py", TCP)
    env = {}
    if how == "env":
        env = {"NETLAB_LANG": "zh"}
    elif how == "ini":
        suite.write("pytest.ini", (suite.path / "pytest.ini").read_text() + "lang = zh\n")
    else:
        env = {"LANG": "zh_CN.UTF-8"}
    assert "语言: 中文" in suite.run(env=env).stdout
    assert "language: English" in suite.run("--lang", "en", env=env).stdout


def test_bad_language_is_a_usage_error(bilingual):
    """NETLAB_LANG=fr stops the run with a usage error naming it."""
    run = bilingual.run(env={"NETLAB_LANG": "fr"})
    assert run.ret == pytest.ExitCode.USAGE_ERROR
    assert "'fr'" in run.stderr


def test_leak_message_in_chinese(suite):
    """Harness messages (here the leak guard's) follow the language."""
    suite.write("checks/test_tcp.py", '''
        import socket
        KEPT = []

        def test_leaks():
            """Leaks a socket."""
            KEPT.append(socket.socket())
    ''')
    run = suite.run("--lang", "zh")
    assert "检查结束后有残留（现已清理）" in run.output("test_leaks")
    assert "文件描述符" in run.output("test_leaks")


# -- the gate ---------------------------------------------------------------------

def test_gate_names_checks_without_chinese(tmp_path):
    """The translations gate lists each check lacking 中文 or 提示, and passes a
    complete file; as a command it exits 1 and 0."""
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "test_tcp.py").write_text(CHECKS.replace("\n    ", "\n"))
    problems = missing_translations(checks)
    assert len(problems) == 2, problems
    assert any("test_english_only: lacks 中文:, 提示:" in p for p in problems), problems
    assert any("test_stub: lacks Hint:, 中文:, 提示:" in p for p in problems), problems
    command = [sys.executable, "-m", "harness", "translations", "--root", str(tmp_path)]
    failing = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert failing.returncode == 1 and "2 checks lack a part" in failing.stdout
    (checks / "test_tcp.py").write_text(
        'def test_ok():\n    """Fine.\n\n    Hint: h.\n\n    中文: 好。\n\n    提示: 提示。\n    """\n')
    passing = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert passing.returncode == 0, passing.stdout


# -- alignment ------------------------------------------------------------------------

class _Terminal:
    """Just enough of pytest's TerminalReporter for reporting.write_summary."""

    def __init__(self):
        self.lines = []

    def write_line(self, line, **markup):
        self.lines.append(line)


def _results() -> reporting.Results:
    results = reporting.Results("exercises", REPO / "exercises")
    for topic, outcome, points in [("tcp", "passed", 1), ("tcp", "failed", 12.5),
                                   ("http_messages", "passed", 100), ("concepts", "passed", 3)]:
        check = reporting.Check(f"checks/test_{topic}.py::t{len(results.checks)}",
                                topic, points, "", outcome, kind="failed")
        results.checks[check.nodeid] = check
    return results


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_table_columns_line_up(lang):
    """Every column of the table ends at the same display column, Chinese included."""
    i18n.set_lang(lang)
    try:
        terminal = _Terminal()
        reporting.write_summary(terminal, _results(), [])
        checks_word, points_word = i18n.msg("col_checks"), i18n.msg("col_points")
    finally:
        i18n.set_lang("en")
    start = next(i for i, line in enumerate(terminal.lines) if "#" in line)
    header, *rows = terminal.lines[start:start + 5]

    def ends(line: str, tokens: list[str]) -> list[int]:
        """Display column where each token ends, searching left to right."""
        found, at = [], 0
        for token in tokens:
            at = line.index(token, at) + len(token)
            found.append(i18n.width(line[:at]))
        return found

    expected = ends(header, [checks_word, points_word])
    for row in rows:
        counts = [t for t in row.split() if "/" in t]
        assert ends(row, counts) == expected, (lang, header, row)


def test_width_counts_wide_characters_twice():
    """Display width: ASCII 1, CJK 2, full-width punctuation 2."""
    assert i18n.width("abc") == 3
    assert i18n.width("主题") == 4
    assert i18n.width("（中文）") == 8
    assert i18n.ljust("主题", 6) == "主题  "
    assert i18n.rjust("检查", 5) == " 检查"


def test_results_json_in_chinese(zh_run, bilingual):
    """--results-json carries each check's output in the chosen language."""
    data = json.loads(json.dumps(zh_run.results))
    outputs = {t["name"].split("::")[1]: t["output"] for t in data["tests"]}
    assert outputs["test_both_languages"].startswith("recv_all 拼接所有数据块。")
    assert data["output"].startswith("netlab 对 exercises")
