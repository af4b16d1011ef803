"""English and Chinese: which language a run speaks, and the harness's own words.

Strategy: one process-wide language, chosen once at configure time
(`--lang` > env NETLAB_LANG > ini `lang` > the locale > English) and
inherited by forked sandbox processes. Checks carry their own two
languages in their docstrings (`中文:` and `提示:` paragraphs, see
messages.py); everything the harness itself says lives in CATALOG below,
English and Chinese side by side, so a missing translation is visible in
review and falls back to English at run time.

Chinese characters take two terminal columns: `width`, `ljust` and `rjust`
measure display width (unicodedata.east_asian_width) so tables line up in
both languages.
"""
from __future__ import annotations

import os
import re
import unicodedata

LANGS = ("en", "zh")
NAMES = {"en": "English", "zh": "中文"}
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


class _State:
    lang = "en"


def choose(option: str | None, env: str | None, ini: str | None,
           environ=os.environ) -> str:
    """The language of this run: the first of option, env, ini that is set,
    else Chinese when the locale says zh, else English.

    Raises:
        ValueError: a set value other than 'en' or 'zh' (named in the message).
    """
    for source, value in (("--lang", option), ("NETLAB_LANG", env), ("ini lang", ini)):
        if value:
            value = value.strip().lower()
            if value not in LANGS:
                raise ValueError(f"{source} {value!r}: choose 'en' or 'zh'")
            return value
    for var in LOCALE_VARS:   # the first one set decides, as in setlocale(3)
        locale = environ.get(var)
        if locale:
            return "zh" if locale.lower().startswith("zh") else "en"
    return "en"


def set_lang(lang: str) -> None:
    _State.lang = lang if lang in LANGS else "en"


def lang() -> str:
    return _State.lang


def msg(key: str, **values) -> str:
    """The harness message `key` in this run's language, formatted."""
    entry = CATALOG[key]
    text = entry.get(_State.lang) or entry["en"]
    return text.format(**values) if values else text


# -- display width ------------------------------------------------------------

def width(text: str) -> int:
    """Terminal columns `text` takes: wide (W, F) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in text)


def ljust(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def rjust(text: str, columns: int) -> str:
    return " " * max(0, columns - width(text)) + text


def wrap(text: str, columns: int, first: str = "", rest: str = "") -> str:
    """`text` filled to `columns` display columns, prefixed with `first` on the
    first line and `rest` after; Chinese may break between any two characters,
    other text only at spaces."""
    tokens = re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef]+\s*|[\u2e80-\u9fff\uff00-\uffef]\s*|\s+",
                        " ".join(text.split()))
    lines, line, last = [], first, ""
    for token in tokens:
        if width(line) + width(token.rstrip()) > columns and line.strip() \
                and line not in (first, rest):
            carried = ""
            if token[0] in _NO_LINE_START and last and line.endswith(last):
                line, carried = line[:-len(last)], last   # no line starts with "）"
            lines.append(line.rstrip())
            line = rest + carried
        line += token
        last = token
    lines.append(line.rstrip())
    return "\n".join(lines)


_NO_LINE_START = "）」』】》〉，。、；：！？)]},.;:!?"


# -- the harness's messages ---------------------------------------------------
# {key: {"en": ..., "zh": ...}}; placeholders are str.format fields.

CATALOG: dict[str, dict[str, str]] = {
    # failures (messages.py)
    "not_implemented": {
        "en": "not implemented yet: {origin}",
        "zh": "尚未实现: {origin}",
    },
    "cannot_use": {
        "en": "cannot use the implementation: {detail}",
        "zh": "无法使用你的实现: {detail}",
    },
    "no_message": {
        "en": "assertion failed (the check gave no message)",
        "zh": "断言失败（该检查没有给出说明）",
    },
    "phase_setup": {"en": " (while setting up)", "zh": "（准备阶段）"},
    "phase_teardown": {"en": " (after the check)", "zh": "（检查结束后）"},
    "more_lines": {
        "en": "... ({n} more lines; -v shows everything)",
        "zh": "……（还有 {n} 行；加 -v 查看全部）",
    },
    "hint": {"en": "Hint: ", "zh": "提示: "},
    "unknown_function": {"en": "(unknown function)", "zh": "（未知函数）"},
    # the summary (reporting.py)
    "table_title": {"en": "netlab: {label} ({lang})", "zh": "netlab: {label}（{lang}）"},
    "col_topic": {"en": "topic", "zh": "主题"},
    "col_checks": {"en": "checks", "zh": "检查"},
    "col_points": {"en": "points", "zh": "得分"},
    "col_status": {"en": "status", "zh": "状态"},
    "total": {"en": "total", "zh": "合计"},
    "todo": {"en": "TODO", "zh": "待完成"},
    "all_pass": {"en": "All checks pass.", "zh": "全部检查通过。"},
    "next": {"en": "Next: {topic} ({terms})", "zh": "下一步: {topic}（{terms}）"},
    "first_failing": {"en": "first failing check: {nodeid}", "zh": "第一个未通过的检查: {nodeid}"},
    "todo_functions": {
        "en": "not implemented yet ({count} functions, {checks} checks waiting):",
        "zh": "尚未实现（{count} 个函数，{checks} 个检查在等待）:",
    },
    "todo_line": {"en": "{origin}: {n} checks", "zh": "{origin}: {n} 个检查"},
    "todo_more": {"en": "... and {n} more", "zh": "……还有 {n} 个"},
    "write_it": {
        "en": "write {function} in {module}: its docstring is the spec",
        "zh": "在 {module} 中实现 {function}：它的文档字符串就是规格说明",
    },
    "rerun": {
        "en": "rerun this topic: pytest --topic {topic}   (step by step: pytest --sw)",
        "zh": "只重跑这个主题: pytest --topic {topic}   （逐个修复: pytest --sw）",
    },
    "other_failures": {
        "en": "failures of other topics are counted in the table; "
              "--all-failures shows them",
        "zh": "其他主题的失败只在表格中计数；加 --all-failures 可全部显示",
    },
    "finished": {
        "en": "✓ {done} done! Next up: {topic} ({terms})",
        "zh": "✓ {done} 完成了！下一个主题: {topic}（{terms}）",
    },
    "progress": {"en": "netlab: {done}/{total} checks", "zh": "netlab: 已运行 {done}/{total} 个检查"},
    "results_output": {"en": "netlab checks against {label}", "zh": "netlab 对 {label} 的检查结果"},
    "header": {
        "en": "netlab implementation: {label}; language: {lang}",
        "zh": "netlab 实现: {label}；语言: {lang}",
    },
    # leaks.py
    "leak_intro": {
        "en": "the check left things behind (cleaned up now):",
        "zh": "检查结束后有残留（现已清理）:",
    },
    "leak_child": {"en": "a child process was left behind: {what}",
                   "zh": "留下了一个子进程: {what}"},
    "leak_fd": {"en": "file descriptor {fd} left open ({target})",
                "zh": "文件描述符 {fd} 没有关闭（{target}）"},
    "leak_thread": {"en": "a thread is still running: {name}",
                    "zh": "还有线程在运行: {name}"},
    # deadline.py
    "blocked": {"en": "{what} blocked for {seconds} s", "zh": "{what} 阻塞超过了 {seconds} 秒"},
    # sandbox.py
    "sandbox_timeout": {
        "en": "{what} did not finish within {seconds} s; still running when it was killed:",
        "zh": "{what} 在 {seconds} 秒内没有结束；被强制结束时仍在运行的进程:",
    },
    "nothing": {"en": "(nothing)", "zh": "（无）"},
    "stray": {
        "en": "{what}: a process forked by the code under test (pid {pid}, parent "
              "{ppid}) returned into the harness instead of exiting. A forked child "
              "must end with os._exit(), in every case (also when the code it runs raises).",
        "zh": "{what}: 被测代码 fork 出的子进程（pid {pid}，父进程 {ppid}）没有退出，"
              "而是返回到了测试框架的代码里。fork 出的子进程在任何情况下（包括它运行的代码抛出异常时）"
              "都必须用 os._exit() 结束。",
    },
    "crash_no_result": {
        "en": "{what} ended without returning or raising ({status})",
        "zh": "{what} 既没有返回也没有抛出异常就结束了（{status}）",
    },
    "crash_raised": {"en": "{what} raised {type}: {text}", "zh": "{what} 抛出了 {type}: {text}"},
    "killed": {"en": "it was killed", "zh": "被强制结束"},
    "killed_by": {"en": "killed by signal {name}", "zh": "被信号 {name} 杀死"},
    "exit_status": {"en": "exit status {status}", "zh": "退出状态 {status}"},
    "more_processes": {"en": "... and {n} more processes", "zh": "……还有 {n} 个进程"},
    # servers.py
    "server_raised": {
        "en": "{what} stopped serving{during}: it raised {type}: {text}. A server "
              "must survive its clients (catch per-client errors and go on).",
        "zh": "{what} 停止了服务{during}: 它抛出了 {type}: {text}。服务器不能因为某个客户端出错而退出"
              "（按客户端捕获异常，然后继续服务）。",
    },
    "server_returned": {
        "en": "{what} returned{during}; a server must serve until it is killed",
        "zh": "{what} 返回了{during}；服务器应当一直服务，直到被结束为止",
    },
    "server_ended": {"en": "{what} had already ended", "zh": "{what} 已经结束了"},
    "server_state": {
        "en": "at that moment the server (pid {pid}) was {status}{wchan}, with "
              "{threads} thread(s) and {kids} child process(es)",
        "zh": "当时服务器（pid {pid}）的状态是 {status}{wchan}，有 {threads} 个线程、"
              "{kids} 个子进程",
    },
    "server_returned_at_once": {
        "en": "{what} returned at once ({status}); a server must serve until it is killed",
        "zh": "{what} 立刻就返回了（{status}）；服务器应当一直服务，直到被结束为止",
    },
    # sealed.py
    "host_gone": {
        "en": "{what}: the process running {topic} ended earlier in this check",
        "zh": "{what}: 运行 {topic} 的进程在本检查中已经结束了",
    },
    "host_died": {
        "en": "{what} ended the process running it ({status}) instead of returning or raising",
        "zh": "{what} 没有返回也没有抛出异常，而是让运行它的进程结束了（{status}）",
    },
    # impl.py
    "missing_module": {
        "en": "{path}: missing (the topic module {topic}.py was not found)",
        "zh": "{path}: 不存在（找不到主题模块 {topic}.py）",
    },
    "missing_attr": {
        "en": "{path}: has no {attr!r} (CURRICULUM.md requires {topic}.{attr})",
        "zh": "{path}: 没有 {attr!r}（CURRICULUM.md 要求提供 {topic}.{attr}）",
    },
    "import_exit": {
        "en": "{where}: sys.exit({code!r}) called at import time",
        "zh": "{where}: 导入时调用了 sys.exit({code!r})",
    },
    "import_hang": {
        "en": "{where}: importing {topic}.py did not finish within {seconds} s "
              "(a loop or a blocking call at module level?)",
        "zh": "{where}: 导入 {topic}.py 在 {seconds} 秒内没有完成（模块顶层有死循环或阻塞调用？）",
    },
    "import_crash": {
        "en": "{path}: the process ended while importing it ({status}): a crash at import time?",
        "zh": "{path}: 导入时进程结束了（{status}）：导入时崩溃了？",
    },
    "import_fork": {
        "en": "{path}: a process forked at import time went on running the importer's "
              "code; module-level code must not fork",
        "zh": "{path}: 导入时 fork 出的进程继续执行了导入者的代码；模块顶层代码不能 fork",
    },
    "reference_refused": {
        "en": "import of {name!r} refused: the reference solutions are not available to "
              "the implementation being graded; write your own code (or import your own "
              "modules with `from . import <topic>`)",
        "zh": "拒绝导入 {name!r}: 被评分的实现不能使用参考答案；请自己编写代码"
              "（导入自己的模块请用 `from . import <topic>`）",
    },
}
