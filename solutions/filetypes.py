"""File types: the first letter of ``ls -l``, and the nine permission letters.

Every name in a Linux file system is one of seven types. ``ls -l`` shows the
type as the first letter of the mode, then three groups of ``rwx`` for the
owner, the group and everyone else:

====  ==================  ===============================================
 -    regular file        ``open()`` and write it
 d    directory           ``os.mkdir``
 l    symbolic link       ``os.symlink`` (may point at nothing: "broken")
 c    character device    ``/dev/null``, terminals (byte by byte)
 b    block device        disks, ``/dev/loop0`` (in blocks)
 s    socket              a bound ``AF_UNIX`` socket leaves one behind
 p    named pipe (FIFO)   ``os.mkfifo``
====  ==================  ===============================================

The mode number of ``os.stat``/``os.lstat`` holds the type and the
permission bits; the ``stat`` module names them: ``stat.S_ISDIR(mode)`` and
friends test the type, ``stat.S_IRUSR``, ``S_IWGRP``, ``S_IXOTH``, ... are
the permission bits. Three more bits change the *execute* letters:

- set-user-ID (``S_ISUID``): owner's ``x`` becomes ``s`` (``S`` when the
  owner has no execute bit);
- set-group-ID (``S_ISGID``): group's ``x`` becomes ``s`` (``S`` without x);
- sticky (``S_ISVTX``, as on ``/tmp``): others' ``x`` becomes ``t`` (``T``
  without x).

``os.stat`` follows symbolic links and describes the file a link points at;
``os.lstat`` describes the link itself. ``ls -l`` shows the link itself, so
everything here uses ``lstat`` (and a broken link is still a link).

中文概述: 本节讲 Linux 下的七种文件类型 bcd-lsp:b 块设备文件、c 字符设备文件、
d 目录、- 普通文件、l 链接文件(符号链接)、s 套接字文件(本地套接字 bind 之后
留下的文件)、p 管道文件(有名管道 FIFO)。类型和权限都在 ``st_mode`` 里,用
``stat`` 模块的 ``S_ISDIR``、``S_IRUSR`` 等常量判断,拼出 ``ls -l`` 第一列的
10 个字符。注意: 讲义里的 "b(快 设备文件)" 是笔误,应为"块设备文件";要看链接
本身必须用 ``os.lstat``,``os.stat`` 会跟随链接(断掉的链接还会报错);
setuid/setgid/粘滞位在没有执行权限时要写成大写的 ``S``/``T``。

Run the checks with ``pytest --topic filetypes``.
"""
# Strategy: one table of (type test, letter) and one table of permission
# bits, both from the stat module; every function starts from os.lstat, so
# no symbolic link is ever followed. count_types walks with an explicit
# stack of directories (no recursion limit) and descends only into entries
# whose own lstat says "directory".
import os
import stat

TYPE_NAMES: dict[str, str] = {
    "-": "regular file",
    "d": "directory",
    "l": "symbolic link",
    "c": "character device",
    "b": "block device",
    "s": "socket",
    "p": "named pipe",
}
"""The seven ``ls -l`` type letters and what they mean."""

_TYPE_TESTS = (
    (stat.S_ISREG, "-"),
    (stat.S_ISDIR, "d"),
    (stat.S_ISLNK, "l"),
    (stat.S_ISCHR, "c"),
    (stat.S_ISBLK, "b"),
    (stat.S_ISSOCK, "s"),
    (stat.S_ISFIFO, "p"),
)

# (read bit, write bit, execute bit, special bit, special letter) per class.
_CLASSES = (
    (stat.S_IRUSR, stat.S_IWUSR, stat.S_IXUSR, stat.S_ISUID, "s"),
    (stat.S_IRGRP, stat.S_IWGRP, stat.S_IXGRP, stat.S_ISGID, "s"),
    (stat.S_IROTH, stat.S_IWOTH, stat.S_IXOTH, stat.S_ISVTX, "t"),
)


def _type_letter(mode: int) -> str:
    for is_type, letter in _TYPE_TESTS:
        if is_type(mode):
            return letter
    return "?"  # a type Linux does not have (as stat.filemode shows it)


def type_char(path) -> str:
    """The ``ls -l`` type letter of ``path`` itself.

    Symbolic links are not followed: a link (also a broken one, or one that
    points at a directory) is ``"l"``.

    Args:
        path: a path, as a ``str``, ``bytes`` or ``os.PathLike``.

    Returns:
        One of the keys of ``TYPE_NAMES``: ``"-"`` regular file, ``"d"``
        directory, ``"l"`` symbolic link, ``"c"`` character device, ``"b"``
        block device, ``"s"`` socket, ``"p"`` named pipe.

    Raises:
        FileNotFoundError: nothing exists at ``path`` (the message names it).
    """
    return _type_letter(os.lstat(path).st_mode)


def mode_string(path) -> str:
    """The 10-character ``ls -l`` mode of ``path`` itself, e.g. ``"drwxr-xr-x"``.

    The type letter (as ``type_char`` gives it), then ``rwx`` for owner,
    group and others, ``-`` where a bit is off. Special bits replace the
    execute letter: set-user-ID in the owner's, set-group-ID in the group's,
    sticky in the others' place, as ``s``/``s``/``t`` when that execute bit
    is on and ``S``/``S``/``T`` when it is off. Symbolic links are not
    followed (a link shows as ``lrwxrwxrwx`` on Linux). The result equals
    ``stat.filemode(os.lstat(path).st_mode)`` and the first 10 characters of
    ``ls -ld path``; build it from the ``stat`` module's ``S_IS*`` tests and
    ``S_I*`` bits (that is the exercise).

    Args:
        path: a path, as a ``str``, ``bytes`` or ``os.PathLike``.

    Returns:
        A 10-character str such as ``"-rwsr-xr-x"`` or ``"drwxrwxrwT"``.

    Raises:
        FileNotFoundError: nothing exists at ``path`` (the message names it).
    """
    mode = os.lstat(path).st_mode
    letters = [_type_letter(mode)]
    for read, write, execute, special, special_letter in _CLASSES:
        letters.append("r" if mode & read else "-")
        letters.append("w" if mode & write else "-")
        if mode & special:
            letters.append(special_letter if mode & execute else special_letter.upper())
        else:
            letters.append("x" if mode & execute else "-")
    return "".join(letters)


def count_types(directory) -> dict[str, int]:
    """Count the entries below ``directory`` by type letter, recursively.

    Every entry at any depth below ``directory`` is counted once under its
    ``type_char`` letter; ``directory`` itself is not counted. Hidden names
    (starting with ``.``) count like any other. Symbolic links are counted
    as ``"l"`` and never followed, also when they point at a directory, so
    nothing outside the tree is counted and a link loop cannot trap the walk.

    Args:
        directory: the path of a directory (``str``, ``bytes`` or
            ``os.PathLike``).

    Returns:
        ``{letter: count}`` with a key only for the types present, e.g.
        ``{"-": 3, "d": 1, "l": 2}``; ``{}`` for an empty directory.

    Raises:
        FileNotFoundError: ``directory`` does not exist.
        NotADirectoryError: ``directory`` exists but is not a directory.
    """
    counts: dict[str, int] = {}
    pending = [directory]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                letter = _type_letter(entry.stat(follow_symlinks=False).st_mode)
                counts[letter] = counts.get(letter, 0) + 1
                if letter == "d":  # a real directory, never a link to one
                    pending.append(entry.path)
    return counts
