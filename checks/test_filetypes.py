"""Checks for topic 13, filetypes: the ``ls -l`` type letter and mode string.

Every file type is created for real in a short temporary folder: regular
files, directories, FIFOs (``os.mkfifo``), sockets (a bound ``AF_UNIX``
socket leaves its file behind), symbolic links (to a file, to a directory,
broken), character devices (``/dev/null``, and ``os.mknod`` where the
machine permits it) and block devices (``os.mknod`` where permitted, else an
existing one under ``/dev``, else that one check is skipped and says why).
The oracles are ``stat.filemode(os.lstat(path).st_mode)`` and the real
``ls -ld`` (its first 10 characters; run in the sandbox, many paths per call).

Clause-to-check map (CURRICULUM.md section 13, and the general rules):

- clause "TYPE_NAMES given": data in the stub, not graded.
- clause "type_char: the ls -l type letter of path itself":
  test_type_char_every_type, test_type_char_block_device
- clause "symlinks are not followed, broken ones included":
  test_type_char_does_not_follow_symlinks,
  test_mode_string_does_not_follow_symlinks
- clause "type_char: missing -> FileNotFoundError" (and the general rule: the
  message names the bad value): test_type_char_missing_raises
- clause "mode_string: the 10-character ls -l mode of path itself (lstat, as
  ls -ld shows it)": test_mode_string_every_type_matches_filemode_and_ls,
  test_mode_string_matches_filemode_for_any_bits,
  test_mode_string_matches_ls_on_sampled_modes
- clause "with s/S, t/T for setuid, setgid, sticky":
  test_mode_string_special_bits (with and without the execute bit, files and
  directories), test_mode_string_matches_filemode_for_any_bits
- clause "mode_string: missing -> FileNotFoundError":
  test_mode_string_missing_raises
- clause "count_types counts every entry below directory (not the directory
  itself), recursively": test_count_types_mixed_tree,
  test_count_types_nested_directories, test_count_types_hidden_entries
- clause "never following symlinks": test_count_types_never_follows_symlinked_dirs
- clause "keys only for types present": test_count_types_keys_only_for_present_types
- clause "count_types: missing -> FileNotFoundError":
  test_count_types_missing_raises
- clause "not a directory -> NotADirectoryError":
  test_count_types_not_a_directory_raises
- clause "Oracles: stat.filemode and ls -ld (first 10 characters)": every
  mode_string check compares with stat.filemode; the ls checks with ls.
- clause "Checks create every type (FIFO, socket, symlink, broken symlink,
  /dev/null, block device by mknod, or an existing one, or a skip)": the
  ``zoo`` fixture and test_type_char_block_device.
- clause "Bugs to catch": stat_instead_of_lstat (the symlink checks),
  special_bits_without_exec (test_mode_string_special_bits),
  recurses_symlinked_dirs (test_count_types_never_follows_symlinked_dirs).

Hypothesis examples stay on the file system only (one file, chmod, compare);
``ls`` runs a few times per run, on many files per call, in the sandbox.
"""
import os
import random
import shutil
import socket
import stat
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from harness import deadline, expect_raises, run_sandboxed, topic
from harness.servers import short_temp_dir

filetypes = topic("filetypes")

QUICK = 1.0  # seconds for one call on a small tree: it never needs to wait
WALK = 3.0   # seconds for count_types on a tree that may hold a link loop

LS = shutil.which("ls")
needs_ls = pytest.mark.skipif(LS is None, reason="the `ls` program (coreutils) is not installed")


# ------------------------------------------------------------------ helpers

@contextmanager
def _short_tmp():
    """A fresh folder with a short path (AF_UNIX paths are short)."""
    with short_temp_dir("nl-ft-") as path:
        try:
            yield Path(path)
        finally:
            _make_removable(path)


def _make_removable(top):
    """Give every directory below `top` rwx back (checks chmod them to anything)."""
    for root, dirs, _files in os.walk(top):
        for name in dirs:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o700)


def _make_socket_file(path) -> None:
    """A socket file: bind an AF_UNIX socket there and close it (the file stays)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))


def _try_mknod(path, kind: int, device: tuple[int, int]) -> bool:
    """os.mknod a device node; False where the machine does not permit it."""
    try:
        os.mknod(path, kind | 0o600, os.makedev(*device))
    except OSError:
        return False
    return True


def _existing_block_device() -> str | None:
    """A block device under /dev (lstat: a link to one does not count)."""
    try:
        entries = sorted(os.scandir("/dev"), key=lambda e: e.name)
    except OSError:
        return None
    for entry in entries:
        try:
            if stat.S_ISBLK(entry.stat(follow_symlinks=False).st_mode):
                return entry.path
        except OSError:
            continue
    return None


def _letter(path) -> str:
    """The oracle's type letter: stat.filemode of the lstat mode."""
    return stat.filemode(os.lstat(path).st_mode)[0]


def _oracle_counts(top) -> dict[str, int]:
    """The check's own recursive count: os.listdir + os.lstat + stat.filemode."""
    counts: dict[str, int] = {}
    for name in os.listdir(top):
        path = os.path.join(top, name)
        letter = _letter(path)
        counts[letter] = counts.get(letter, 0) + 1
        if letter == "d":
            for key, value in _oracle_counts(path).items():
                counts[key] = counts.get(key, 0) + value
    return counts


def _run_ls(paths: list[str]) -> str:
    """`ls -ld` on many paths at once (runs in the sandbox)."""
    done = subprocess.run([LS, "-ld", "--", *paths], capture_output=True, text=True,
                          timeout=10, env={**os.environ, "LC_ALL": "C"})
    if done.returncode != 0:
        raise AssertionError(f"ls -ld failed (exit {done.returncode}): {done.stderr.strip()}")
    return done.stdout


def _ls_modes(paths) -> dict[str, str]:
    """{path: the first 10 characters `ls -ld` prints for it}, one ls call."""
    paths = sorted(str(p) for p in paths)  # ls sorts its arguments by name
    lines = run_sandboxed(_run_ls, paths, timeout=15, what="ls -ld").splitlines()
    assert len(lines) == len(paths), f"ls -ld printed {len(lines)} lines for {len(paths)} paths"
    modes = {}
    for path, line in zip(paths, lines):
        assert line.endswith(path) or f" {path} -> " in line, (
            f"ls -ld printed {line!r} where the line for {path!r} was expected")
        modes[path] = line[:10]
    return modes


class Zoo:
    """One entry of every file type in a short temporary folder."""

    def __init__(self, top: Path):
        self.top = top
        self.paths: dict[str, str] = {}   # kind -> path
        self.notes: list[str] = []        # what the machine did not permit

        def add(kind, name):
            path = str(top / name)
            self.paths[kind] = path
            return path

        with open(add("regular file", "regular"), "w") as f:
            f.write("data\n")
        os.mkdir(add("directory", "directory"))
        os.mkfifo(add("FIFO", "fifo"))
        _make_socket_file(add("socket", "sock"))
        os.symlink("regular", add("symlink to a file", "link-to-file"))
        os.symlink("directory", add("symlink to a directory", "link-to-dir"))
        os.symlink("no-such-target", add("broken symlink", "broken-link"))
        self.paths["character device /dev/null"] = "/dev/null"
        if _try_mknod(str(top / "chardev"), stat.S_IFCHR, (1, 3)):
            self.paths["character device (mknod)"] = str(top / "chardev")
        else:
            self.notes.append("os.mknod of a character device is not permitted here")
        self.block = None
        if _try_mknod(str(top / "blockdev"), stat.S_IFBLK, (7, 0)):
            self.block = str(top / "blockdev")
        else:
            self.block = _existing_block_device()
            self.notes.append("os.mknod of a block device is not permitted here; "
                              f"using {self.block or 'none (no block device under /dev)'}")


EXPECTED_LETTER = {
    "regular file": "-", "directory": "d", "FIFO": "p", "socket": "s",
    "symlink to a file": "l", "symlink to a directory": "l", "broken symlink": "l",
    "character device /dev/null": "c", "character device (mknod)": "c",
}


@pytest.fixture
def zoo():
    with _short_tmp() as top:
        yield Zoo(top)


# ---------------------------------------------------------------- type_char

def test_type_char_every_type(zoo):
    """type_char gives the ls -l letter of a regular file, directory, FIFO, socket and character device.

    Hint: test the mode of os.lstat(path) with stat.S_ISREG, S_ISDIR,
    S_ISFIFO (p), S_ISSOCK (s), S_ISCHR (c), S_ISBLK (b), S_ISLNK (l): a
    FIFO is "p", a socket is "s", a character device is "c".

    中文: 检查 type_char 对普通文件、目录、管道文件、套接字文件、字符设备给出正确的类型字母。

    提示: 用 os.lstat(path).st_mode 配合 stat.S_ISREG/S_ISDIR/S_ISFIFO/S_ISSOCK/
    S_ISCHR/S_ISBLK/S_ISLNK 判断;管道文件是 p,套接字文件是 s,字符设备是 c,块设备是 b,
    不要记混。
    """
    wrong = []
    for kind, path in zoo.paths.items():
        if kind.startswith(("symlink", "broken")):
            continue  # test_type_char_does_not_follow_symlinks
        with deadline(QUICK, f"type_char({path!r})", "lstat never blocks, not even on a FIFO"):
            got = filetypes.type_char(path)
        want = EXPECTED_LETTER[kind]
        assert _letter(path) == want, f"the check's own oracle disagrees on {kind}"
        if got != want:
            wrong.append(f"{kind} {path!r}: got {got!r}, expected {want!r}")
    assert not wrong, ("type_char gave the wrong letter for: " + "; ".join(wrong)
                       + " (the letters as ls -l shows them: - d l c b s p)")


def test_type_char_block_device(zoo):
    """type_char gives "b" for a block device.

    Hint: a block device (a disk, /dev/loop0) is stat.S_ISBLK, letter "b";
    a character device (/dev/null, a terminal) is S_ISCHR, letter "c".

    中文: 检查 type_char 对块设备文件返回 "b"。

    提示: 块设备(磁盘、/dev/loop0)用 stat.S_ISBLK 判断,字母是 b;字符设备
    (/dev/null、终端)是 S_ISCHR,字母是 c,两者别弄反。
    """
    with deadline(QUICK, f"type_char({zoo.paths['regular file']!r})"):
        filetypes.type_char(zoo.paths["regular file"])
    if zoo.block is None:
        pytest.skip("no block device: os.mknod is not permitted here and /dev has none")
    with deadline(QUICK, f"type_char({zoo.block!r})"):
        got = filetypes.type_char(zoo.block)
    assert got == "b", (f"type_char({zoo.block!r}) on a block device returned {got!r}, "
                        "expected 'b' (S_ISBLK); 'c' is for character devices")


def test_type_char_does_not_follow_symlinks(zoo):
    """type_char gives "l" for a symlink to a file, a symlink to a directory and a broken symlink.

    Hint: os.stat follows the link and describes its target (and raises
    FileNotFoundError for a broken link); os.lstat describes the link
    itself. os.path.isdir and isfile follow links too: test the lstat mode.

    中文: 检查 type_char 对指向文件、指向目录的链接文件以及断掉的链接都返回 "l"。

    提示: os.stat 会跟随链接,看到的是目标文件(断掉的链接还会抛 FileNotFoundError);
    os.lstat 看的是链接文件本身。os.path.isdir/isfile 同样会跟随链接,要用 lstat 的 mode 判断。
    """
    wrong = []
    for kind in ("symlink to a file", "symlink to a directory", "broken symlink"):
        path = zoo.paths[kind]
        call = f"type_char({path!r}) on a {kind}"
        with deadline(QUICK, call):
            try:
                got = filetypes.type_char(path)
            except FileNotFoundError as exc:
                got = f"FileNotFoundError({exc})"
        if got != "l":
            wrong.append(f"{call} returned {got}" if got.startswith("File")
                         else f"{call} returned {got!r}")
    assert not wrong, "; ".join(wrong) + ": expected 'l': use os.lstat, which does not follow links"


def test_type_char_missing_raises(zoo):
    """type_char raises FileNotFoundError naming the path when nothing exists there.

    Hint: let os.lstat's FileNotFoundError propagate (it names the path); do
    not return "?" or "" for a missing file.

    中文: 检查路径不存在时 type_char 抛出 FileNotFoundError,且信息里带有该路径。

    提示: 直接让 os.lstat 抛出的 FileNotFoundError 传出去(它会带上路径),不要返回 "?" 或空字符串。
    """
    for path in (str(zoo.top / "missing"), str(zoo.top / "no-dir" / "missing")):
        call = f"type_char({path!r})"
        with deadline(QUICK, call):
            error = expect_raises(FileNotFoundError, call, filetypes.type_char, path)
        assert path in str(error), (f"{call} raised FileNotFoundError({error}); the message "
                                    "should name the path")


# ---------------------------------------------------------------- mode_string

@needs_ls
@pytest.mark.points(2)
def test_mode_string_every_type_matches_filemode_and_ls(zoo):
    """mode_string of every file type equals stat.filemode and the first 10 characters of ls -ld.

    Hint: the first letter is type_char's letter, then r, w, x (or "-") for
    owner, group and others from S_IRUSR ... S_IXOTH, all from os.lstat.

    中文: 检查各种类型文件的 mode_string 与 stat.filemode 和 ls -ld 的前 10 个字符一致。

    提示: 第一个字符是文件类型字母,后面依次是属主、属组、其他人的 r/w/x(没有就写 "-"),
    都从 os.lstat 的 st_mode 里用 S_IRUSR ... S_IXOTH 取出来。
    """
    paths = [p for p in zoo.paths.values()] + ([zoo.block] if zoo.block else [])
    got = {}
    for path in paths:
        with deadline(QUICK, f"mode_string({path!r})"):
            got[path] = filetypes.mode_string(path)
    ls = _ls_modes(paths)
    wrong = []
    for path in paths:
        want = stat.filemode(os.lstat(path).st_mode)
        assert ls[path] == want, f"ls -ld and stat.filemode disagree on {path!r}: {ls[path]!r} vs {want!r}"
        if got[path] != want:
            wrong.append(f"mode_string({path!r}) = {got[path]!r}, ls -ld shows {want!r}")
    assert not wrong, "; ".join(wrong)


SPECIAL_BITS = [
    # (chmod, kind, what ls -l shows)
    (0o4755, "file", "-rwsr-xr-x"),
    (0o4644, "file", "-rwSr--r--"),
    (0o2755, "file", "-rwxr-sr-x"),
    (0o2705, "file", "-rwx--Sr-x"),
    (0o1777, "dir", "drwxrwxrwt"),
    (0o1776, "dir", "drwxrwxrwT"),
    (0o7777, "file", "-rwsrwsrwt"),
    (0o7000, "file", "---S--S--T"),
    (0o3755, "dir", "drwxr-sr-t"),
    (0o6640, "dir", "drwSr-S---"),
]


@pytest.mark.parametrize("mode, kind, want", SPECIAL_BITS,
                         ids=[f"{m:04o}-{k}" for m, k, _ in SPECIAL_BITS])
def test_mode_string_special_bits(mode, kind, want):
    """mode_string shows setuid, setgid and sticky as s/s/t with the execute bit and S/S/T without it.

    Hint: setuid replaces the owner's x, setgid the group's x, sticky the
    others' x: lowercase when that x bit is set, uppercase when it is not
    (-rwSr--r-- is setuid without owner execute).

    中文: 检查 setuid、setgid、粘滞位在有执行权限时显示为 s/s/t,没有执行权限时显示为 S/S/T。

    提示: setuid 占属主的 x 位,setgid 占属组的 x 位,粘滞位占其他人的 x 位;对应的执行位
    有就写小写,没有就写大写(-rwSr--r-- 表示有 setuid 但属主不能执行)。
    """
    with _short_tmp() as top:
        path = str(top / "target")
        if kind == "dir":
            os.mkdir(path)
        else:
            open(path, "w").close()
        os.chmod(path, mode)
        # Without root, chmod may drop setgid (group not ours): the mode kept is the truth.
        want = stat.filemode(os.lstat(path).st_mode)
        with deadline(QUICK, f"mode_string({path!r})"):
            got = filetypes.mode_string(path)
    assert got == want, (f"mode_string of a {kind} with chmod {mode:04o} returned {got!r}, "
                         f"expected {want!r} (as ls -l and stat.filemode show it): s/s/t "
                         "when the execute bit under it is set, S/S/T when it is not")


@settings(max_examples=120)
@given(bits=st.integers(0, 0o7777), kind=st.sampled_from(["file", "dir", "fifo"]))
def test_mode_string_matches_filemode_for_any_bits(bits, kind):
    """mode_string equals stat.filemode for every combination of permission and special bits.

    Hint: each of the nine letters depends on its own bit only, except the
    three execute places, which depend on the execute bit and the special
    bit together (x, -, s/S or t/T).

    中文: 检查任意权限位和特殊位组合下 mode_string 都与 stat.filemode 一致。

    提示: 九个权限字符各看自己的位,只有三个执行位要同时看执行权限和特殊位
    (x、-、s/S 或 t/T 四种情况)。
    """
    with _short_tmp() as top:
        path = str(top / "target")
        {"file": lambda p: open(p, "w").close(), "dir": os.mkdir, "fifo": os.mkfifo}[kind](path)
        os.chmod(path, bits)
        want = stat.filemode(os.lstat(path).st_mode)
        with deadline(QUICK, f"mode_string({path!r})"):
            got = filetypes.mode_string(path)
    assert got == want, (f"mode_string of a {kind} with chmod {bits:04o} returned {got!r}; "
                         f"stat.filemode says {want!r}")


@needs_ls
@pytest.mark.points(2)
def test_mode_string_matches_ls_on_sampled_modes():
    """mode_string agrees with ls -ld on 24 files, directories and FIFOs with sampled modes.

    Hint: ls -l is the reference: compare your output with ls -ld on a few
    files you chmod yourself (try 4644, 2705, 1776).

    中文: 检查 24 个随机权限的文件、目录、管道文件上 mode_string 与 ls -ld 的结果一致。

    提示: ls -l 就是标准答案:自己建几个文件 chmod 成 4644、2705、1776 之类的权限,
    和 ls -ld 的输出对比一下。
    """
    rng = random.Random(13)
    modes = [0o4644, 0o2705, 0o1776, 0o7000, 0o0000, 0o0777] + [rng.randrange(0o10000) for _ in range(18)]
    makers = [lambda p: open(p, "w").close(), os.mkdir, os.mkfifo]
    with _short_tmp() as top:
        paths = []
        for i, mode in enumerate(modes):
            path = str(top / f"f{i:02d}")
            makers[i % 3](path)
            os.chmod(path, mode)
            paths.append(path)
        got = {}
        for path in paths:
            with deadline(QUICK, f"mode_string({path!r})"):
                got[path] = filetypes.mode_string(path)
        ls = _ls_modes(paths)
        wrong = [f"{os.path.basename(p)} (chmod {m:04o}): mode_string {got[p]!r}, ls -ld {ls[p]!r}"
                 for p, m in zip(paths, modes) if got[p] != ls[p]]
    assert not wrong, "mode_string disagrees with ls -ld: " + "; ".join(wrong)


def test_mode_string_does_not_follow_symlinks(zoo):
    """mode_string of a symlink (to a setuid file, to a directory, broken) describes the link itself.

    Hint: with os.stat you get the target's mode (or FileNotFoundError for
    a broken link); ls -l shows the link: lrwxrwxrwx. Use os.lstat.

    中文: 检查 mode_string 对链接文件(指向 setuid 文件、指向目录、断掉的链接)显示的是链接本身。

    提示: 用 os.stat 得到的是目标文件的权限(断链还会报 FileNotFoundError);ls -l 显示的是
    链接本身 lrwxrwxrwx,应该用 os.lstat。
    """
    os.chmod(zoo.paths["regular file"], 0o4755)
    wrong = []
    for kind in ("symlink to a file", "symlink to a directory", "broken symlink"):
        path = zoo.paths[kind]
        want = stat.filemode(os.lstat(path).st_mode)
        call = f"mode_string({path!r}) on a {kind}"
        with deadline(QUICK, call):
            try:
                got = filetypes.mode_string(path)
            except FileNotFoundError as exc:
                wrong.append(f"{call} raised FileNotFoundError({exc})")
                continue
        if got != want:
            wrong.append(f"{call} returned {got!r}")
    assert not wrong, "; ".join(wrong) + ": expected the link's own mode 'lrwxrwxrwx' (os.lstat)"


def test_mode_string_missing_raises(zoo):
    """mode_string raises FileNotFoundError naming the path when nothing exists there.

    Hint: let os.lstat's FileNotFoundError propagate; a made-up mode such as
    "----------" hides the mistake from the caller.

    中文: 检查路径不存在时 mode_string 抛出 FileNotFoundError,且信息里带有该路径。

    提示: 让 os.lstat 的 FileNotFoundError 直接传出去;返回 "----------" 之类的假结果会把错误藏起来。
    """
    path = str(zoo.top / "missing")
    call = f"mode_string({path!r})"
    with deadline(QUICK, call):
        error = expect_raises(FileNotFoundError, call, filetypes.mode_string, path)
    assert path in str(error), f"{call} raised FileNotFoundError({error}); the message should name the path"


# ---------------------------------------------------------------- count_types

def _count(directory, seconds=QUICK, hint=""):
    with deadline(seconds, f"count_types({str(directory)!r})", hint):
        return filetypes.count_types(directory)


def _fill(top: Path, depth: int, permitted: dict) -> None:
    """Put one entry of every type into `top` (names carry the depth)."""
    (top / f"file{depth}").write_text("x")
    (top / f".hidden{depth}").write_text("x")
    os.mkfifo(top / f"fifo{depth}")
    _make_socket_file(top / f"s{depth}")
    os.symlink(f"file{depth}", top / f"link{depth}")
    os.symlink("gone", top / f"broken{depth}")
    if permitted["c"]:
        permitted["c"] = _try_mknod(str(top / f"chr{depth}"), stat.S_IFCHR, (1, 3))
    if permitted["b"]:
        permitted["b"] = _try_mknod(str(top / f"blk{depth}"), stat.S_IFBLK, (7, 0))


@pytest.mark.points(2)
def test_count_types_mixed_tree():
    """count_types counts every type at every depth of a tree (3 levels, every type at each).

    Hint: walk every directory below the start (os.scandir or os.walk),
    classify each entry with lstat, and add the counts of the levels below.

    中文: 检查 count_types 能统计三层目录树中每一层的各种类型文件。

    提示: 递归遍历每个子目录(os.scandir 或 os.walk),每个条目用 lstat 判断类型,
    把下层的计数累加上来。
    """
    with _short_tmp() as top:
        permitted = {"c": True, "b": True}
        level = top
        for depth in range(3):
            _fill(level, depth, permitted)
            level = level / f"dir{depth}"
            level.mkdir()
        want = _oracle_counts(top)
        got = _count(str(top))
    assert got == want, (f"count_types on a 3-level tree with every type at each level returned "
                         f"{got!r}, expected {want!r} (each entry at any depth counted once, by its "
                         "lstat type)")


@pytest.mark.points(2)
def test_count_types_never_follows_symlinked_dirs():
    """count_types counts a symlink to a directory as "l" and never walks into it (also on a link loop).

    Hint: os.walk(followlinks=True), or a recursion on entry.is_dir() (which
    follows links by default), walks into the target: outside the tree, or
    round a loop forever. Use entry.is_dir(follow_symlinks=False); and a
    link to a directory is an "l", not a "d".

    中文: 检查 count_types 把指向目录的链接计为 "l",不进入链接目录(链接成环时也一样)。

    提示: os.walk(followlinks=True) 或用默认会跟随链接的 entry.is_dir() 递归,都会钻进链接的目标:
    要么数到树外面去,要么绕着环一直转下去。用 entry.is_dir(follow_symlinks=False),
    并且指向目录的链接算 "l" 不算 "d"。
    """
    with _short_tmp() as top:
        outside = top / "outside"
        outside.mkdir()
        for i in range(5):
            (outside / f"f{i}").write_text("x")
        tree = top / "tree"
        (tree / "sub").mkdir(parents=True)
        (tree / "sub" / "file").write_text("x")
        os.symlink(outside, tree / "to-outside")
        os.symlink(tree, tree / "sub" / "loop-to-top")
        os.symlink("..", tree / "sub" / "loop-to-parent")
        got = _count(str(tree), WALK, "a symbolic link loop: are links to directories followed?")
    want = {"d": 1, "-": 1, "l": 3}
    assert got == want, (f"count_types on a tree holding a link to an outside folder (5 files) and "
                         f"two links looping back returned {got!r}, expected {want!r}: links are "
                         "counted as 'l' and never followed")


def test_count_types_keys_only_for_present_types():
    """count_types has keys only for the types present: {} for an empty directory.

    Hint: start from an empty dict (or a Counter turned into a dict) and add
    a key when a type is seen, instead of starting with all seven at 0.

    中文: 检查 count_types 只包含实际出现的类型:空目录返回 {}。

    提示: 从空字典开始,遇到一种类型再加上它的键;不要一开始就放好七个值为 0 的键。
    """
    with _short_tmp() as top:
        empty = _count(str(top))
        for i in range(3):
            (top / f"f{i}").write_text("x")
        files = _count(str(top))
    assert empty == {}, f"count_types on an empty directory returned {empty!r}, expected {{}}"
    assert files == {"-": 3}, (f"count_types on a directory holding 3 regular files returned "
                               f"{files!r}, expected {{'-': 3}}: keys only for the types present")


def test_count_types_nested_directories():
    """count_types counts 20 nested directories and the file in each, but not the start directory.

    Hint: go down into every subdirectory, not only the first level; the
    directory you were given is not one of its own entries.

    中文: 检查 count_types 能统计 20 层嵌套目录及每层的文件,但不统计起始目录本身。

    提示: 要进入每一层子目录,不能只看第一层;传进来的目录本身不算在结果里。
    """
    with _short_tmp() as top:
        level = top
        for depth in range(20):
            level = level / f"d{depth}"
            level.mkdir()
            (level / "file").write_text("x")
        got = _count(top)  # a pathlib.Path this time
    assert got == {"d": 20, "-": 20}, (
        f"count_types on a chain of 20 nested directories, each holding one file, returned "
        f"{got!r}, expected {{'d': 20, '-': 20}} (every level, and not the start directory)")


def test_count_types_hidden_entries():
    """count_types counts hidden entries (names starting with a dot) and what is inside them.

    Hint: glob("*") and glob("**") skip names that start with "."; os.scandir,
    os.listdir and os.walk do not.

    中文: 检查 count_types 会统计隐藏文件(以点开头)以及隐藏目录里的内容。

    提示: glob("*") 和 glob("**") 会跳过以 "." 开头的名字;os.scandir、os.listdir、os.walk 不会。
    """
    with _short_tmp() as top:
        (top / ".profile").write_text("x")
        (top / ".config").mkdir()
        (top / ".config" / "settings").write_text("x")
        os.symlink(".profile", top / ".link")
        got = _count(str(top))
    want = {"-": 2, "d": 1, "l": 1}
    assert got == want, (f"count_types on a directory holding .profile, .link and .config/settings "
                         f"returned {got!r}, expected {want!r}: hidden names count too")


def test_count_types_missing_raises():
    """count_types raises FileNotFoundError for a directory that does not exist.

    Hint: os.walk silently yields nothing for a missing directory (its
    errors go to onerror, None by default); os.scandir raises. Do not return
    {} for a path that is not there.

    中文: 检查目录不存在时 count_types 抛出 FileNotFoundError。

    提示: os.walk 遇到不存在的目录会悄悄什么都不返回(错误交给默认为 None 的 onerror);
    os.scandir 会抛异常。路径不存在时不要返回 {}。
    """
    with _short_tmp() as top:
        path = str(top / "missing")
        call = f"count_types({path!r})"
        with deadline(QUICK, call):
            expect_raises(FileNotFoundError, call, filetypes.count_types, path)


def test_count_types_not_a_directory_raises(zoo):
    """count_types raises NotADirectoryError for a regular file, a FIFO and /dev/null.

    Hint: os.scandir raises NotADirectoryError for them (without opening a
    FIFO, which would block); os.walk yields nothing instead.

    中文: 检查对普通文件、管道文件和 /dev/null 调用 count_types 会抛出 NotADirectoryError。

    提示: os.scandir 对它们会抛 NotADirectoryError(而且不会去打开管道文件,打开管道会阻塞);
    os.walk 却什么都不返回。
    """
    for kind in ("regular file", "FIFO", "character device /dev/null"):
        path = zoo.paths[kind]
        call = f"count_types({path!r}) on a {kind}"
        with deadline(QUICK, call, "opening a FIFO blocks until a writer comes"):
            expect_raises(NotADirectoryError, call, filetypes.count_types, path)
