"""Checks for topic 2, addresses: IPv4 text and numbers, subnets, ports, services.

Oracles, never the reference: ``ipaddress`` (parsing, blocks, subnets),
``socket.inet_aton``/``inet_ntoa`` (hex), ``socket.getservbyname`` (the
system's /etc/services), ``socket.gethostbyname`` (names), and the
contract's own tables written out below. Hypothesis runs over the whole
IPv4 address space and over the odd strings ``int()`` accepts.

Clause-to-check map (CURRICULUM.md section 2 and the general rules):

| clause | checks |
|---|---|
| parse_ipv4: every dotted quad, as ipaddress.IPv4Address reads it | test_parse_ipv4_whole_space, test_parse_ipv4_agrees_with_ipaddress |
| parse_ipv4: each part 0–255 (not "0~256") | test_parse_ipv4_octet_range |
| parse_ipv4: exactly four parts, none empty | test_parse_ipv4_exactly_four_parts |
| parse_ipv4: no leading zeros | test_parse_ipv4_no_leading_zeros |
| parse_ipv4: ASCII digits only, no signs or spaces (int() accepts " 1", "+1", "١", "1_0", "０") | test_parse_ipv4_ascii_digits_only, test_parse_ipv4_agrees_with_ipaddress |
| parse_ipv4: ValueError names the text; non-str → TypeError | the checks above; test_parse_ipv4_rejects_non_str |
| format_ipv4: [0, 2**32) → dotted quad | test_format_ipv4_whole_space |
| format_ipv4: out of range → ValueError; non-int or bool → TypeError | test_format_ipv4_rejects_out_of_range, test_format_ipv4_rejects_non_int |
| ipv4_to_hex: 8 lowercase digits of inet_aton, big-endian | test_ipv4_to_hex_matches_inet_aton |
| ipv4_to_hex: only what parse_ipv4 accepts ("127.1" refused) | test_ipv4_to_hex_rejects_loose_forms |
| hex_to_ipv4: inverse, upper or lower case | test_hex_to_ipv4_matches_inet_ntoa |
| hex_to_ipv4: exactly 8 ASCII hex digits, else ValueError | test_hex_to_ipv4_rejects_bad_digits |
| hex functions: non-str → TypeError | test_hex_functions_reject_non_str |
| classify_ipv4: the table, first match wins, every block's edges | test_classify_ipv4_block_edges, test_classify_ipv4_agrees_with_table |
| classify_ipv4: invalid text → ValueError | test_classify_ipv4_rejects_invalid_text |
| subnet_info: the example, fields as ip_network(strict=False) gives them | test_subnet_info_example, test_subnet_info_agrees_with_ipaddress |
| subnet_info: /31 two hosts, /32 one, broadcast = last address | test_subnet_info_31_and_32 |
| subnet_info: exactly ADDRESS/PREFIX (no bare address, no netmask form) | test_subnet_info_needs_a_prefix |
| subnet_info: prefix decimal 0–32, no leading zeros, address as parse_ipv4 | test_subnet_info_prefix_is_strict |
| port_category: RFC 6335 ranges over 0-65535 (every port near a boundary, every 17th elsewhere), the boundaries 1023/1024, 49151/49152 | test_port_category_every_port |
| port_category: outside → ValueError naming it; non-int/bool → TypeError | test_port_category_rejects_out_of_range, test_port_category_rejects_non_int |
| parse_services: the /etc/services format (real text) | test_parse_services_debian_excerpt, test_parse_services_agrees_with_getservbyname |
| parse_services: aliases map to the port | test_parse_services_aliases |
| parse_services: comments (whole line, at line end) and blank lines skipped | test_parse_services_comments |
| parse_services: first entry wins (names and aliases) | test_parse_services_first_entry_wins |
| parse_services: port ASCII digits 0–65535, no sign | test_parse_services_strict_port |
| parse_services: malformed line → ValueError naming the line number | test_parse_services_error_names_the_line |
| service_port: looks up services_text; default proto tcp; unknown → LookupError | test_service_port_in_text, test_service_port_unknown |
| service_port: None → /etc/services (or getservbyname) | test_service_port_system |
| resolve_ipv4: gethostbyname of localhost and gethostname() | test_resolve_ipv4 |
| general: bad input → ValueError whose message holds the value's repr | every _refuses(...) check above |
| general: a bool is not an int | test_format_ipv4_rejects_non_int, test_port_category_rejects_non_int |
| general: every call bounded | every call runs under deadline() |

The socket rules (caller's mode and timeout, closing, descriptors) do not
apply: no function here takes a socket. resolve_ipv4's gaierror for a name
that does not resolve is not checked here (a check may not depend on DNS);
the cli topic checks an unresolvable name end to end.
"""
import ipaddress
import re
import socket

import pytest
from hypothesis import example, given, strategies as st

from harness import deadline, expect_raises, topic

addresses = topic("addresses")

QUICK = 1.0   # seconds for pure code
BIG = 10.0    # seconds for a loop over thousands of ports, or a whole services file

# ------------------------------------------------------------------ helpers


def _expect_errors(fn, name: str, bad_values, why: str, error=ValueError) -> None:
    """Every value must make fn raise `error`; a ValueError must name the value (repr)."""
    problems = []
    with deadline(QUICK, f"{name} on {len(bad_values)} bad inputs"):
        for bad in bad_values:
            try:
                result = fn(bad)
            except error as exc:
                if error is ValueError and repr(bad) not in str(exc):
                    problems.append(f"{name}({bad!r}) raised ValueError({str(exc)!r}), "
                                    f"which does not name {bad!r}")
                continue
            except Exception as exc:
                if isinstance(exc, NotImplementedError):
                    raise
                problems.append(f"{name}({bad!r}) raised {type(exc).__name__}({exc}), "
                                f"expected {error.__name__}")
                continue
            problems.append(f"{name}({bad!r}) returned {result!r}, expected {error.__name__}")
    assert not problems, "\n".join(problems[:8]) + f"\n({why})"


def _refuses(fn, name: str, bad_values, why: str) -> None:
    _expect_errors(fn, name, bad_values, why, ValueError)


def _type_errors(fn, name: str, bad_values, why: str) -> None:
    _expect_errors(fn, name, bad_values, why, TypeError)


def _ip(n: int) -> str:
    return str(ipaddress.IPv4Address(n))


def _oracle_parse(text: str):
    """The address ipaddress reads from text, or None if it refuses it."""
    try:
        return int(ipaddress.IPv4Address(text))
    except ipaddress.AddressValueError:
        return None


ADDRESSES = st.integers(0, 2 ** 32 - 1)

# Parts that int() accepts but an address must not, next to good ones.
ODD_PARTS = ["0", "1", "7", "10", "99", "100", "127", "199", "249", "255", "256",
             "300", "999", "1000", "01", "00", "000", "007", " 1", "1 ", "+1", "-1",
             "-0", "١", "٢٥٥", "1_0", "０", "１２", "\t1", "1\n", "", "0x1", "1e2",
             "²", "4294967296"]
ODD_ADDRESSES = st.lists(st.sampled_from(ODD_PARTS), min_size=1, max_size=6).map(".".join)


# --------------------------------------------------------------- parse_ipv4

@pytest.mark.points(2)
@given(n=ADDRESSES)
@example(n=0).via("the lowest address")
@example(n=2 ** 32 - 1).via("the highest address")
@example(n=0x7F000001).via("loopback")
def test_parse_ipv4_whole_space(n):
    """parse_ipv4 reads every dotted quad back to its 32-bit number.

    Hint: the first part is the most significant byte: value = value * 256
    + part for each part, in order.

    中文: 检查 parse_ipv4 能把整个 IPv4 地址空间里的点分十进制地址都还原成 32 位整数。

    提示: 第一段是最高位字节：按顺序对每一段做 value = value * 256 + 段值。
    """
    text = _ip(n)
    with deadline(QUICK, f"parse_ipv4({text!r})"):
        got = addresses.parse_ipv4(text)
    assert got == n, f"parse_ipv4({text!r}) returned {got!r}, expected {n} (0x{n:08x})"


@pytest.mark.points(3)
@given(text=ODD_ADDRESSES)
@example(text="1.2.3.٤").via("an Arabic-Indic digit")
@example(text="+1.2.3.4").via("a sign")
@example(text=" 1.2.3.4").via("a space")
@example(text="1_0.0.0.1").via("an underscore")
def test_parse_ipv4_agrees_with_ipaddress(text):
    """parse_ipv4 accepts exactly the texts ipaddress.IPv4Address accepts, with the same value.

    Hint: int() is too lenient: it accepts " 1", "+1", "1_0", "١" and
    "０". Check each part with part.isascii() and part.isdigit() before
    converting, refuse leading zeros and values above 255.

    中文: 检查 parse_ipv4 接受的文本和 ipaddress.IPv4Address 完全一致，解析出的值也一样。

    提示: int() 太宽松了：" 1"、"+1"、"1_0"、"١"、"０" 它都接受。转换之前先用
    part.isascii() 和 part.isdigit() 检查每一段，再拒绝前导零和大于 255 的值。
    """
    expected = _oracle_parse(text)
    call = f"parse_ipv4({text!r})"
    with deadline(QUICK, call):
        if expected is None:
            exc = expect_raises(ValueError, call, addresses.parse_ipv4, text)
            assert repr(text) in str(exc), (
                f"{call} raised ValueError({str(exc)!r}); the message should name {text!r}")
            return
        got = addresses.parse_ipv4(text)
    assert got == expected, f"{call} returned {got!r}, expected {expected}"


def test_parse_ipv4_octet_range():
    """parse_ipv4 refuses parts above 255 (an octet is 0–255, not "0~256").

    Hint: a part is one byte: 0 to 255. The notes' "0~256" is wrong: 256
    needs nine bits.

    中文: 检查 parse_ipv4 拒绝大于 255 的段（一个字节是 0~255，不是笔记里的 0~256）。

    提示: 每一段是一个字节，取值 0~255。笔记里写的"0~256"是错的：256 已经需要 9 位了。
    """
    _refuses(addresses.parse_ipv4, "parse_ipv4",
             ["256.0.0.0", "1.2.3.256", "192.168.1.300", "999.1.1.1", "1.1.1.1000"],
             "each part is one byte, 0 to 255")


def test_parse_ipv4_exactly_four_parts():
    """parse_ipv4 refuses texts that do not have exactly four non-empty parts.

    Hint: split(".") and insist on exactly four parts; "1.2.3" is not an
    address here (inet_aton would read it as 1.2.0.3), nor is "1..3.4".

    中文: 检查 parse_ipv4 拒绝不是正好四段（或有空段）的文本。

    提示: 用 split(".") 分开后必须正好四段；"1.2.3" 在这里不是合法地址（inet_aton 会把它
    当成 1.2.0.3），"1..3.4" 也不是。
    """
    _refuses(addresses.parse_ipv4, "parse_ipv4",
             ["1.2.3", "1.2.3.4.5", "1", "", "1..3.4", "1.2.3.", ".1.2.3", "16909060"],
             "exactly four dot-separated decimal parts")


def test_parse_ipv4_no_leading_zeros():
    """parse_ipv4 refuses parts with leading zeros ("01", "00"), as ipaddress does.

    Hint: "0" is fine, but a part longer than one digit must not start with
    "0": some parsers read "010" as octal 8, so the text is ambiguous.

    中文: 检查 parse_ipv4 拒绝带前导零的段（"01"、"00"），和 ipaddress 一致。

    提示: "0" 没问题，但长度大于 1 的段不能以 "0" 开头：有的程序会把 "010" 当成八进制的 8，
    这样的写法有歧义。
    """
    _refuses(addresses.parse_ipv4, "parse_ipv4",
             ["01.2.3.4", "1.2.3.04", "00.0.0.0", "10.0.0.010", "192.168.001.1"],
             "no leading zeros: '0' alone is fine, '01' is not")


def test_parse_ipv4_ascii_digits_only():
    """parse_ipv4 refuses signs, spaces, underscores and non-ASCII digits that int() accepts.

    Hint: int(" 1"), int("+1"), int("1_0"), int("١") (Arabic-Indic one) and
    int("０") (full-width zero) all succeed; an address part must be ASCII
    digits only: check part.isascii() and part.isdigit() first.

    中文: 检查 parse_ipv4 拒绝 int() 能接受的符号、空格、下划线和非 ASCII 数字。

    提示: int(" 1")、int("+1")、int("1_0")、int("١")（阿拉伯-印度数字 1）、int("０")（全角 0）
    都能成功；地址的每一段只能是 ASCII 数字，先用 part.isascii() 和 part.isdigit() 检查。
    """
    _refuses(addresses.parse_ipv4, "parse_ipv4",
             [" 1.2.3.4", "1.2.3.4 ", "+1.2.3.4", "1.2.3.-0", "1.2.3.١", "1_0.0.0.1",
              "０.0.0.0", "1.2.3.4\n", "1. 2.3.4", "١٢٧.0.0.1"],
             "each part is ASCII digits only: no sign, space, underscore or other digits")


def test_parse_ipv4_rejects_non_str():
    """parse_ipv4 raises TypeError for a value that is not a str.

    Hint: check isinstance(text, str) first; calling .split on an int or
    None raises AttributeError, and bytes are not text.

    中文: 检查 parse_ipv4 的参数不是 str 时抛出 TypeError。

    提示: 先检查 isinstance(text, str)；对整数或 None 调用 .split 会抛 AttributeError，
    bytes 也不是文本。
    """
    _type_errors(addresses.parse_ipv4, "parse_ipv4", [b"1.2.3.4", 16909060, None, ["1.2.3.4"]],
                 "wrong type -> TypeError")


# -------------------------------------------------------------- format_ipv4

@given(n=ADDRESSES)
@example(n=0)
@example(n=2 ** 32 - 1)
@example(n=0xC0A80125)
def test_format_ipv4_whole_space(n):
    """format_ipv4 writes every 32-bit number as ipaddress writes it.

    Hint: the bytes, most significant first: n.to_bytes(4, "big"), each as
    a decimal number, joined with dots.

    中文: 检查 format_ipv4 对所有 32 位整数的输出都和 ipaddress 一致。

    提示: 按字节从高位到低位：n.to_bytes(4, "big")，每个字节写成十进制，用点连接。
    """
    with deadline(QUICK, f"format_ipv4({n})"):
        got = addresses.format_ipv4(n)
    assert got == _ip(n), f"format_ipv4({n}) returned {got!r}, expected {_ip(n)!r}"


def test_format_ipv4_rejects_out_of_range():
    """format_ipv4 raises ValueError naming a number outside [0, 2**32).

    Hint: 2**32 needs 33 bits and -1 is negative: neither is an address.
    Check the range first (to_bytes raises OverflowError, not ValueError).

    中文: 检查 format_ipv4 对超出 [0, 2**32) 的整数抛出 ValueError 并写出这个数。

    提示: 2**32 需要 33 位，-1 是负数，都不是地址。先检查范围（to_bytes 抛的是
    OverflowError，不是 ValueError）。
    """
    _refuses(addresses.format_ipv4, "format_ipv4", [-1, 2 ** 32, 2 ** 40, -2 ** 32],
             "an IPv4 address is a number in [0, 2**32)")


def test_format_ipv4_rejects_non_int():
    """format_ipv4 raises TypeError for a non-int, a bool included.

    Hint: bool is a subclass of int (True == 1): test isinstance(value,
    bool) before isinstance(value, int); a float such as 1.0 is not an
    address either.

    中文: 检查 format_ipv4 对非 int（包括 bool）抛出 TypeError。

    提示: bool 是 int 的子类（True == 1）：先判断 isinstance(value, bool)，再判断
    isinstance(value, int)；1.0 这样的浮点数也不是地址。
    """
    _type_errors(addresses.format_ipv4, "format_ipv4", [True, False, 1.0, "1", None],
                 "only a real int (not a bool) is an address value")


# ------------------------------------------------------------------- hex

@pytest.mark.points(2)
@given(n=ADDRESSES)
@example(n=0x7F000001)
@example(n=0x0A000001)
@example(n=0)
def test_ipv4_to_hex_matches_inet_aton(n):
    """ipv4_to_hex gives the 8 lowercase hex digits of socket.inet_aton's 4 bytes.

    Hint: network byte order is big-endian: "127.0.0.1" is "7f000001", not
    "0100007f". Keep leading zeros ("0a000001"): f"{value:08x}".

    中文: 检查 ipv4_to_hex 的结果等于 socket.inet_aton 打包出的 4 个字节的 8 位小写十六进制。

    提示: 网络字节序是大端："127.0.0.1" 是 "7f000001"，不是 "0100007f"。前导零要保留
    （"0a000001"）：f"{value:08x}"。inet_aton 的结果是 4 个字节，不是"十六进制"。
    """
    text = _ip(n)
    expected = socket.inet_aton(text).hex()
    with deadline(QUICK, f"ipv4_to_hex({text!r})"):
        got = addresses.ipv4_to_hex(text)
    assert got == expected, (
        f"ipv4_to_hex({text!r}) returned {got!r}, expected {expected!r} "
        f"(socket.inet_aton({text!r}).hex(): big-endian, 8 lowercase digits)")


def test_ipv4_to_hex_rejects_loose_forms():
    """ipv4_to_hex refuses what parse_ipv4 refuses, also the old forms inet_aton accepts.

    Hint: inet_aton("127.1") is b"\\x7f\\x00\\x00\\x01" (an old shorthand) and
    inet_aton("abc") raises OSError; parse the text strictly first and
    raise ValueError.

    中文: 检查 ipv4_to_hex 拒绝 parse_ipv4 不接受的文本，包括 inet_aton 能接受的旧写法。

    提示: inet_aton("127.1") 会得到 b"\\x7f\\x00\\x00\\x01"（一种旧的简写），inet_aton("abc")
    抛的是 OSError；要先严格解析文本，出错时抛 ValueError。
    """
    _refuses(addresses.ipv4_to_hex, "ipv4_to_hex",
             ["127.1", "0x7f.0.0.1", "256.0.0.1", "1.2.3", "localhost", "010.0.0.1"],
             "the same strict dotted quad as parse_ipv4")


@pytest.mark.points(2)
@given(n=ADDRESSES, upper=st.booleans())
@example(n=0x7F000001, upper=True)
@example(n=0xC0A80125, upper=False)
def test_hex_to_ipv4_matches_inet_ntoa(n, upper):
    """hex_to_ipv4 turns 8 hex digits, upper or lower case, into inet_ntoa's dotted quad.

    Hint: the first two digits are the first part (big-endian); accept "A-F"
    as well as "a-f".

    中文: 检查 hex_to_ipv4 把 8 位十六进制（大小写均可）转换成与 socket.inet_ntoa 相同的地址。

    提示: 前两位十六进制是第一段（大端）；"A-F" 和 "a-f" 都要接受。
    """
    raw = n.to_bytes(4, "big")
    digits = raw.hex().upper() if upper else raw.hex()
    expected = socket.inet_ntoa(raw)
    with deadline(QUICK, f"hex_to_ipv4({digits!r})"):
        got = addresses.hex_to_ipv4(digits)
    assert got == expected, (
        f"hex_to_ipv4({digits!r}) returned {got!r}, expected {expected!r} "
        "(socket.inet_ntoa(bytes.fromhex(digits)))")


def test_hex_to_ipv4_rejects_bad_digits():
    """hex_to_ipv4 refuses anything but exactly 8 ASCII hex digits.

    Hint: int(text, 16) accepts "0x7f0001", "+7f00001", " 7f00001",
    "7f_00001" and full-width digits; check the length and every character
    first.

    中文: 检查 hex_to_ipv4 只接受正好 8 个 ASCII 十六进制字符，其他一律拒绝。

    提示: int(text, 16) 能接受 "0x7f0001"、"+7f00001"、" 7f00001"、"7f_00001" 和全角数字；
    要先检查长度和每一个字符。
    """
    _refuses(addresses.hex_to_ipv4, "hex_to_ipv4",
             ["7f00001", "7f0000011", "", "0x7f0001", "+7f00001", " 7f00001", "7f_00001",
              "７f000001", "7f00000g", "7f00 001"],
             "exactly 8 ASCII hex digits, 0-9 a-f A-F")


def test_hex_functions_reject_non_str():
    """ipv4_to_hex and hex_to_ipv4 raise TypeError for a value that is not a str.

    Hint: check isinstance(..., str) first; bytes.fromhex and int(..., 16)
    accept more than text, and an int is not hex digits.

    中文: 检查 ipv4_to_hex 和 hex_to_ipv4 的参数不是 str 时抛出 TypeError。

    提示: 先检查 isinstance(..., str)；bytes.fromhex 和 int(..., 16) 能接受的东西比文本多，
    整数也不是十六进制字符串。
    """
    _type_errors(addresses.ipv4_to_hex, "ipv4_to_hex", [2130706433, b"127.0.0.1", None],
                 "wrong type -> TypeError")
    _type_errors(addresses.hex_to_ipv4, "hex_to_ipv4", [b"7f000001", 0x7F000001, None],
                 "wrong type -> TypeError")


# ---------------------------------------------------------- classify_ipv4

TABLE = [(ipaddress.ip_network(cidr), label) for cidr, label in [
    ("0.0.0.0/32", "unspecified"), ("0.0.0.0/8", "this-network"),
    ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"),
    ("10.0.0.0/8", "private"), ("172.16.0.0/12", "private"), ("192.168.0.0/16", "private"),
    ("100.64.0.0/10", "shared"), ("192.0.2.0/24", "documentation"),
    ("198.51.100.0/24", "documentation"), ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"), ("255.255.255.255/32", "broadcast"),
    ("240.0.0.0/4", "reserved"),
]]


def _expected_class(n: int) -> str:
    address = ipaddress.IPv4Address(n)
    return next((label for network, label in TABLE if address in network), "public")


def _edges() -> list[int]:
    """Each block's first and last address and their outside neighbours."""
    points = set()
    for network, _ in TABLE:
        first, last = int(network.network_address), int(network.broadcast_address)
        points.update(p for p in (first - 1, first, last, last + 1) if 0 <= p < 2 ** 32)
    return sorted(points)


@pytest.mark.points(2)
def test_classify_ipv4_block_edges():
    """classify_ipv4 is right at the first and last address of every block, and just outside.

    Hint: compare masked numbers, not text prefixes: 172.16.0.0/12 runs up
    to 172.31.255.255; and order matters: 0.0.0.0 is "unspecified" before
    "this-network", 255.255.255.255 is "broadcast" before "reserved".

    中文: 检查 classify_ipv4 在每个特殊地址块的第一个、最后一个地址以及块外紧邻的地址上都正确。

    提示: 用掩码比较整数，不要比较字符串前缀：172.16.0.0/12 一直到 172.31.255.255；顺序也
    很重要：0.0.0.0 先匹配 "unspecified"，255.255.255.255 先匹配 "broadcast"。
    """
    wrong = []
    with deadline(BIG, "classify_ipv4 on the edges of every block"):
        for n in _edges():
            text, expected = _ip(n), _expected_class(n)
            got = addresses.classify_ipv4(text)
            if got != expected:
                wrong.append(f"classify_ipv4({text!r}) returned {got!r}, expected {expected!r}")
    assert not wrong, f"{len(wrong)} wrong:\n  " + "\n  ".join(wrong[:10])


def _in_some_block():
    return st.sampled_from(TABLE).flatmap(lambda row: st.integers(
        int(row[0].network_address), int(row[0].broadcast_address)))


@given(n=st.one_of(ADDRESSES, _in_some_block()))
def test_classify_ipv4_agrees_with_table(n):
    """classify_ipv4 gives the first matching row of the table for any address.

    Hint: walk the table in order and return the first block that holds the
    address (address & netmask == network); "public" when none does.

    中文: 检查 classify_ipv4 对任意地址都返回表中第一个匹配的类别。

    提示: 按顺序遍历表，返回第一个包含该地址的块（地址 & 掩码 == 网络地址）；都不匹配时返回
    "public"。
    """
    text, expected = _ip(n), _expected_class(n)
    with deadline(QUICK, f"classify_ipv4({text!r})"):
        got = addresses.classify_ipv4(text)
    assert got == expected, f"classify_ipv4({text!r}) returned {got!r}, expected {expected!r}"


def test_classify_ipv4_rejects_invalid_text():
    """classify_ipv4 raises ValueError for text parse_ipv4 refuses.

    Hint: parse the address strictly first (reuse parse_ipv4); looking at
    text prefixes accepts "10.0.0" and "10.999.0.1".

    中文: 检查 classify_ipv4 对 parse_ipv4 不接受的文本抛出 ValueError。

    提示: 先严格解析地址（直接用 parse_ipv4）；只看字符串前缀的话 "10.0.0"、"10.999.0.1"
    都会被接受。
    """
    _refuses(addresses.classify_ipv4, "classify_ipv4",
             ["10.0.0", "10.999.0.1", "127.0.0.01", "192.168.1.1 ", "+8.8.8.8"],
             "the same strict dotted quad as parse_ipv4")


# ------------------------------------------------------------ subnet_info

def _expected_subnet(n: int, prefix: int) -> dict:
    net = ipaddress.ip_network(f"{_ip(n)}/{prefix}", strict=False)
    size = net.num_addresses
    if prefix >= 31:
        first, last, count = net.network_address, net.broadcast_address, size
    else:
        first, last, count = net.network_address + 1, net.broadcast_address - 1, size - 2
    return {"network": str(net.network_address), "broadcast": str(net.broadcast_address),
            "netmask": str(net.netmask), "prefix": prefix, "first_host": str(first),
            "last_host": str(last), "host_count": count}


def _check_subnet(cidr: str, expected: dict) -> None:
    with deadline(QUICK, f"subnet_info({cidr!r})"):
        got = addresses.subnet_info(cidr)
    diff = [f"{name}={getattr(got, name, '(missing)')!r} (expected {value!r})"
            for name, value in expected.items() if getattr(got, name, None) != value]
    assert not diff, f"subnet_info({cidr!r}) returned " + ", ".join(diff)


def test_subnet_info_example():
    """subnet_info("192.168.1.37/24") is the 192.168.1.0/24 network with hosts .1–.254.

    Hint: network = address & mask, broadcast = network | ~mask (within 32
    bits); the hosts are the addresses in between: 2**(32-prefix) - 2 of them.

    中文: 检查 subnet_info("192.168.1.37/24") 得到 192.168.1.0/24 网段，主机 .1 到 .254。

    提示: 网络地址 = 地址 & 掩码，广播地址 = 网络地址 | ~掩码（限制在 32 位内）；主机是两者
    之间的地址，一共 2**(32-prefix) - 2 个。
    """
    _check_subnet("192.168.1.37/24", {
        "network": "192.168.1.0", "broadcast": "192.168.1.255", "netmask": "255.255.255.0",
        "prefix": 24, "first_host": "192.168.1.1", "last_host": "192.168.1.254",
        "host_count": 254})


@pytest.mark.points(2)
def test_subnet_info_31_and_32():
    """subnet_info gives a /31 two hosts (RFC 3021) and a /32 one, broadcast = last address.

    Hint: "- 2" for the network and broadcast addresses only applies up to
    /30: in a /31 both addresses are hosts (count 2), in a /32 the single
    address is the host (count 1).

    中文: 检查 subnet_info 对 /31 给出 2 个主机（RFC 3021）、/32 给出 1 个主机，广播地址是最后一个地址。

    提示: "减 2"（去掉网络地址和广播地址）只适用于 /30 及更大的网段：/31 的两个地址都是主机
    （共 2 个），/32 唯一的地址就是主机（共 1 个）。
    """
    for cidr, first, last, count in [("10.0.0.0/31", "10.0.0.0", "10.0.0.1", 2),
                                     ("10.0.0.7/31", "10.0.0.6", "10.0.0.7", 2),
                                     ("10.0.0.7/32", "10.0.0.7", "10.0.0.7", 1),
                                     ("10.0.0.4/30", "10.0.0.5", "10.0.0.6", 2)]:
        address, prefix = cidr.split("/")
        expected = _expected_subnet(int(ipaddress.IPv4Address(address)), int(prefix))
        assert (expected["first_host"], expected["last_host"], expected["host_count"]) == (
            first, last, count)
        _check_subnet(cidr, expected)


@pytest.mark.points(2)
@given(n=ADDRESSES, prefix=st.integers(0, 32))
@example(n=0, prefix=0)
@example(n=2 ** 32 - 1, prefix=1)
def test_subnet_info_agrees_with_ipaddress(n, prefix):
    """subnet_info agrees with ipaddress.ip_network(cidr, strict=False) on every field.

    Hint: build the mask with (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF;
    prefix 0 is the whole address space (netmask 0.0.0.0).

    中文: 检查 subnet_info 的每个字段都和 ipaddress.ip_network(cidr, strict=False) 一致。

    提示: 掩码可以这样算：(0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF；前缀为 0 表示整个
    地址空间（掩码 0.0.0.0）。
    """
    _check_subnet(f"{_ip(n)}/{prefix}", _expected_subnet(n, prefix))


def test_subnet_info_needs_a_prefix():
    """subnet_info refuses a bare address and the netmask form ("10.0.0.0/255.0.0.0").

    Hint: ipaddress.ip_network accepts both (a bare address as a /32), but
    the contract asks for exactly ADDRESS/PREFIX: split on "/" yourself.

    中文: 检查 subnet_info 拒绝没有前缀的地址和掩码写法（"10.0.0.0/255.0.0.0"）。

    提示: ipaddress.ip_network 这两种都接受（单个地址当作 /32），但这里要求必须是
    ADDRESS/PREFIX 的形式：自己按 "/" 拆分。
    """
    _refuses(addresses.subnet_info, "subnet_info",
             ["192.168.1.1", "10.0.0.0/255.0.0.0", "192.168.1.0/255.255.255.0",
              "10.0.0.0/8/8", "/8"],
             "exactly ADDRESS/PREFIX with a decimal prefix")


def test_subnet_info_prefix_is_strict():
    """subnet_info refuses a prefix outside 0–32, with a sign, spaces, leading zeros, or a bad address.

    Hint: the prefix follows the same rules as an address part (ASCII
    digits, no leading zero, so "/024" is refused) with a range of 0–32;
    the address part must pass parse_ipv4.

    中文: 检查 subnet_info 拒绝超出 0~32、带符号、带空格、有前导零的前缀，以及不合法的地址。

    提示: 前缀的规则和地址的每一段一样（ASCII 数字，不能有前导零，所以 "/024" 不行），
    范围是 0~32；地址部分必须能通过 parse_ipv4。
    """
    _refuses(addresses.subnet_info, "subnet_info",
             ["10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/024", "10.0.0.0/+8", "10.0.0.0/ 8",
              "10.0.0.0/8 ", "10.0.0.0/٨", "10.0.0.0/", "10.0.0/8", "010.0.0.0/8",
              "256.0.0.0/8"],
             "the prefix is decimal 0-32 without sign or leading zeros; the address as parse_ipv4")


# ------------------------------------------------------------ port_category

def _expected_category(port: int) -> str:
    return "system" if port <= 1023 else "user" if port <= 49151 else "dynamic"


# Every port within 16 of a boundary (the contract's and the notes' wrong
# ones), and every 17th port elsewhere: a misplaced boundary shows, and the
# loop stays a few thousand calls (a call costs more in a sealed run).
PORT_SAMPLE = sorted({p for edge in (0, 255, 256, 1023, 1024, 49151, 49152, 65535)
                      for p in range(edge - 16, edge + 17) if 0 <= p <= 65535}
                     | set(range(0, 65536, 17)))


@pytest.mark.points(2)
def test_port_category_every_port():
    """port_category puts the ports 0–65535 in their RFC 6335 ranges (every port near a boundary).

    Hint: system 0–1023, user 1024–49151, dynamic 49152–65535 (not the
    notes' 1–255 / 256–1023 / 1024–65535). Mind <= versus < at 1023 and
    49151.

    中文: 检查 port_category 把 0~65535 的端口都归入 RFC 6335 规定的范围（边界附近的每个端口都查）。

    提示: 系统端口 0~1023，用户端口 1024~49151，动态端口 49152~65535（不是笔记里
    1~255 / 256~1023 / 1024~65535 的分法）。注意 1023 和 49151 处是 <= 还是 <。
    """
    wrong = []
    with deadline(BIG, f"port_category on {len(PORT_SAMPLE)} ports"):
        for port in PORT_SAMPLE:
            got = addresses.port_category(port)
            if got != _expected_category(port):
                wrong.append(f"port_category({port}) returned {got!r}, expected "
                             f"{_expected_category(port)!r}")
    assert not wrong, (f"{len(wrong)} ports wrong, e.g.:\n  " + "\n  ".join(wrong[:6])
                       + "\n(system 0-1023, user 1024-49151, dynamic 49152-65535)")


def test_port_category_rejects_out_of_range():
    """port_category raises ValueError naming a port outside 0–65535.

    Hint: a port is a 16-bit number: check 0 <= port <= 65535 before
    choosing a range, and name the value in the message.

    中文: 检查 port_category 对 0~65535 以外的端口抛出 ValueError，并写出这个值。

    提示: 端口是 16 位的数：先检查 0 <= port <= 65535 再判断属于哪个范围，消息里要写出这个值。
    """
    _refuses(addresses.port_category, "port_category", [-1, 65536, 70000, -65536],
             "a port is 0-65535")


def test_port_category_rejects_non_int():
    """port_category raises TypeError for a non-int port, a bool included.

    Hint: check the type first, bool before int (True == 1 would be a
    "system" port); 80.0 and "80" are not ports.

    中文: 检查 port_category 对非整数的端口（包括 bool）抛出 TypeError。

    提示: 先检查类型，先判断 bool 再判断 int（否则 True == 1 会被当成系统端口）；80.0 和
    "80" 都不是端口。
    """
    _type_errors(addresses.port_category, "port_category", [True, 80.0, "80", None],
                 "only a real int (not a bool) is a port")


# ----------------------------------------------------------- parse_services

# The start of Debian's /etc/services, as shipped (tabs, aliases, comments).
DEBIAN_SERVICES = (
    '# Network services, Internet style\n'
    '#\n'
    '# Updated from https://www.iana.org/assignments/'
    'service-names-port-numbers/service-names-port-numbers.xhtml .\n'
    '#\n'
    '# New ports will be added on request if they have been officially assigned\n'
    '# by IANA and used in the real-world or are needed by a debian package.\n'
    '# If you need a huge list of used numbers please install the nmap package.\n'
    '\n'
    'tcpmux\t\t1/tcp\t\t\t\t# TCP port service multiplexer\n'
    'echo\t\t7/tcp\n'
    'echo\t\t7/udp\n'
    'discard\t\t9/tcp\t\tsink null\n'
    'discard\t\t9/udp\t\tsink null\n'
    'systat\t\t11/tcp\t\tusers\n'
    'daytime\t\t13/tcp\n'
    'daytime\t\t13/udp\n'
    'netstat\t\t15/tcp\n'
    'qotd\t\t17/tcp\t\tquote\n'
    'chargen\t\t19/tcp\t\tttytst source\n'
    'chargen\t\t19/udp\t\tttytst source\n'
    'ftp-data\t20/tcp\n'
    'ftp\t\t21/tcp\n'
    'fsp\t\t21/udp\t\tfspd\n'
    'ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\n'
    'telnet\t\t23/tcp\n'
    'smtp\t\t25/tcp\t\tmail\n'
    'time\t\t37/tcp\t\ttimserver\n'
    'time\t\t37/udp\t\ttimserver\n'
    'whois\t\t43/tcp\t\tnicname\n'
    'tacacs\t\t49/tcp\t\t\t\t# Login Host Protocol (TACACS)\n'
    'tacacs\t\t49/udp\n'
    'domain\t\t53/tcp\t\t\t\t# Domain Name Server\n'
    'domain\t\t53/udp\n'
    'bootps\t\t67/udp\n'
    'bootpc\t\t68/udp\n'
    'tftp\t\t69/udp\n'
    'gopher\t\t70/tcp\t\t\t\t# Internet Gopher\n'
    'finger\t\t79/tcp\n'
    'http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP\n'
    'kerberos\t88/tcp\t\tkerberos5 krb5 kerberos-sec\t# Kerberos v5\n'
    'kerberos\t88/udp\t\tkerberos5 krb5 kerberos-sec\t# Kerberos v5\n'
    'iso-tsap\t102/tcp\t\ttsap\t\t# part of ISODE\n'
    'acr-nema\t104/tcp\t\tdicom\t\t# Digital Imag. & Comm. 300\n'
    'pop3\t\t110/tcp\t\tpop-3\t\t# POP version 3\n'
    'sunrpc\t\t111/tcp\t\tportmapper\t# RPC 4.0 portmapper\n'
    'sunrpc\t\t111/udp\t\tportmapper\n'
    'auth\t\t113/tcp\t\tauthentication tap ident\n'
    'nntp\t\t119/tcp\t\treadnews untp\t# USENET News Transfer Protocol\n'
)
DEBIAN_EXPECTED = {
    ('tcpmux', 'tcp'): 1, ('echo', 'tcp'): 7, ('echo', 'udp'): 7, ('discard', 'tcp'): 9,
    ('sink', 'tcp'): 9, ('null', 'tcp'): 9, ('discard', 'udp'): 9, ('sink', 'udp'): 9,
    ('null', 'udp'): 9, ('systat', 'tcp'): 11, ('users', 'tcp'): 11, ('daytime', 'tcp'): 13,
    ('daytime', 'udp'): 13, ('netstat', 'tcp'): 15, ('qotd', 'tcp'): 17,
    ('quote', 'tcp'): 17, ('chargen', 'tcp'): 19, ('ttytst', 'tcp'): 19,
    ('source', 'tcp'): 19, ('chargen', 'udp'): 19, ('ttytst', 'udp'): 19,
    ('source', 'udp'): 19, ('ftp-data', 'tcp'): 20, ('ftp', 'tcp'): 21, ('fsp', 'udp'): 21,
    ('fspd', 'udp'): 21, ('ssh', 'tcp'): 22, ('telnet', 'tcp'): 23, ('smtp', 'tcp'): 25,
    ('mail', 'tcp'): 25, ('time', 'tcp'): 37, ('timserver', 'tcp'): 37, ('time', 'udp'): 37,
    ('timserver', 'udp'): 37, ('whois', 'tcp'): 43, ('nicname', 'tcp'): 43,
    ('tacacs', 'tcp'): 49, ('tacacs', 'udp'): 49, ('domain', 'tcp'): 53,
    ('domain', 'udp'): 53, ('bootps', 'udp'): 67, ('bootpc', 'udp'): 68,
    ('tftp', 'udp'): 69, ('gopher', 'tcp'): 70, ('finger', 'tcp'): 79, ('http', 'tcp'): 80,
    ('www', 'tcp'): 80, ('kerberos', 'tcp'): 88, ('kerberos5', 'tcp'): 88,
    ('krb5', 'tcp'): 88, ('kerberos-sec', 'tcp'): 88, ('kerberos', 'udp'): 88,
    ('kerberos5', 'udp'): 88, ('krb5', 'udp'): 88, ('kerberos-sec', 'udp'): 88,
    ('iso-tsap', 'tcp'): 102, ('tsap', 'tcp'): 102, ('acr-nema', 'tcp'): 104,
    ('dicom', 'tcp'): 104, ('pop3', 'tcp'): 110, ('pop-3', 'tcp'): 110,
    ('sunrpc', 'tcp'): 111, ('portmapper', 'tcp'): 111, ('sunrpc', 'udp'): 111,
    ('portmapper', 'udp'): 111, ('auth', 'tcp'): 113, ('authentication', 'tcp'): 113,
    ('tap', 'tcp'): 113, ('ident', 'tcp'): 113, ('nntp', 'tcp'): 119,
    ('readnews', 'tcp'): 119, ('untp', 'tcp'): 119,
}

# Aliases, duplicates (first wins), comments at line end, blank lines.
CUSTOM_SERVICES = (
    "# netlab test services\n"                               # line 1
    "\n"                                                     # 2
    "netlab-echo\t4007/tcp\t\techo-test ne\t# two aliases\n"  # 3
    "netlab-echo\t4007/udp\n"                                 # 4
    "netlab-web 8088/tcp webx # WorldWideWeb HTTP\n"          # 5
    "netlab-web 9099/tcp\n"                                   # 6: duplicate, ignored
    "netlab-late 7070/tcp netlab-echo webx\n"                 # 7: aliases already taken
    "   \t  \n"                                               # 8
    "netlab-dns 5353/udp#no space before the comment\n"       # 9
    "netlab-zero 0/tcp\n"                                     # 10
    "netlab-max\t65535/udp\t# the largest port\n"             # 11
)
CUSTOM_EXPECTED = {
    ("netlab-echo", "tcp"): 4007, ("echo-test", "tcp"): 4007, ("ne", "tcp"): 4007,
    ("netlab-echo", "udp"): 4007, ("netlab-web", "tcp"): 8088, ("webx", "tcp"): 8088,
    ("netlab-late", "tcp"): 7070, ("netlab-dns", "udp"): 5353, ("netlab-zero", "tcp"): 0,
    ("netlab-max", "udp"): 65535,
}


def _parse_services(text: str, what: str) -> dict:
    with deadline(BIG, f"parse_services({what})"):
        got = addresses.parse_services(text)
    assert isinstance(got, dict), f"parse_services({what}) returned {got!r}, expected a dict"
    return got


def _dict_diff(got: dict, expected: dict) -> str:
    lines = [f"missing {k!r}: {v}" for k, v in expected.items() if k not in got]
    lines += [f"{k!r}: {got[k]!r} (expected {v})" for k, v in expected.items()
              if k in got and got[k] != v]
    lines += [f"unexpected {k!r}: {v!r}" for k, v in got.items() if k not in expected]
    return "\n  ".join(lines[:10]) + (f"\n  ... ({len(lines) - 10} more)" if len(lines) > 10 else "")


@pytest.mark.points(2)
def test_parse_services_debian_excerpt():
    """parse_services reads the start of a real /etc/services (tabs, aliases, comments).

    Hint: a line is `name port/proto [alias ...] [# comment]`: cut the
    comment off at "#", split on any whitespace (tabs too), skip blank
    lines, and map the name and every alias to (port, proto).

    中文: 检查 parse_services 能正确读取真实 /etc/services 文件的开头部分（制表符、别名、注释）。

    提示: 每行格式是 `name port/proto [alias ...] [# comment]`：先在 "#" 处截掉注释，
    再按任意空白（包括制表符）拆分，跳过空行，把服务名和每个别名都对应到 (端口, 协议)。
    """
    text = DEBIAN_SERVICES
    got = _parse_services(text, "the start of Debian's /etc/services")
    assert got == DEBIAN_EXPECTED, (
        "parse_services on the start of Debian's /etc/services:\n  "
        + _dict_diff(got, DEBIAN_EXPECTED))


def _system_services() -> tuple[str, dict]:
    """The system's /etc/services and, from getservbyname, what it maps."""
    try:
        with open("/etc/services", encoding="utf-8", errors="replace") as file:
            text = file.read()
    except FileNotFoundError:
        return DEBIAN_SERVICES, DEBIAN_EXPECTED
    expected = {}
    for line in text.split("\n"):
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and "/" in fields[1]:
            proto = fields[1].split("/", 1)[1]
            for name in [fields[0], *fields[2:]]:
                try:
                    expected[(name, proto)] = socket.getservbyname(name, proto)
                except OSError:
                    pass
    return text, expected


@pytest.mark.points(2)
def test_parse_services_agrees_with_getservbyname():
    """parse_services on the system's /etc/services agrees with socket.getservbyname.

    Hint: getservbyname reads the same file and returns the first entry
    that has the name (as a name or an alias) for that protocol.

    中文: 检查 parse_services 读取本机 /etc/services 的结果和 socket.getservbyname 一致。

    提示: getservbyname 读的就是这个文件，返回第一个以该名字（服务名或别名）出现、协议相同的条目。
    """
    text, expected = _system_services()
    got = _parse_services(text, "the system's /etc/services")
    assert got == expected, (
        "parse_services(/etc/services) disagrees with socket.getservbyname:\n  "
        + _dict_diff(got, expected))


def test_parse_services_aliases():
    """parse_services maps every alias on a line to the line's port and protocol.

    Hint: after `name port/proto` come the aliases: the rest of the fields
    up to the comment. "www" is an alias of http, so ("www", "tcp") is 80.

    中文: 检查 parse_services 把一行里的每个别名都对应到这一行的端口和协议。

    提示: `name port/proto` 后面直到注释之前的字段都是别名。"www" 是 http 的别名，所以
    ("www", "tcp") 对应 80。
    """
    text = "http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP\nnetlab 4007/udp a b c\n"
    got = _parse_services(text, repr(text))
    expected = {("http", "tcp"): 80, ("www", "tcp"): 80, ("netlab", "udp"): 4007,
                ("a", "udp"): 4007, ("b", "udp"): 4007, ("c", "udp"): 4007}
    assert got == expected, f"parse_services({text!r}):\n  " + _dict_diff(got, expected)


def test_parse_services_comments():
    """parse_services ignores comment lines, blank lines and everything after "#".

    Hint: cut each line at the first "#" before splitting it (also when no
    space precedes the "#"); the words of a comment are not aliases.

    中文: 检查 parse_services 忽略注释行、空行以及 "#" 之后的所有内容。

    提示: 拆分之前先在第一个 "#" 处截断每一行（"#" 前面没有空格时也一样）；注释里的词不是别名。
    """
    got = _parse_services(CUSTOM_SERVICES, "a text with comments and blank lines")
    comment_words = {"#", "WorldWideWeb", "HTTP", "two", "aliases", "the", "largest", "port"}
    leaked = sorted(k for k in got if k[0] in comment_words or "#" in k[0] + k[1])
    assert not leaked, (
        f"parse_services took comment words for services: {leaked[:6]!r}; everything "
        "from '#' to the end of the line is a comment")
    assert got == CUSTOM_EXPECTED, (
        f"parse_services({CUSTOM_SERVICES!r}):\n  " + _dict_diff(got, CUSTOM_EXPECTED))


def test_parse_services_first_entry_wins():
    """parse_services keeps the first entry when a (name, proto) appears again.

    Hint: getservbyname stops at the first match; with a dict, only set a
    key that is not there yet (dict.setdefault), for names and aliases alike.
    The same name with another protocol is another key.

    中文: 检查同一个 (name, proto) 出现多次时，parse_services 保留第一次出现的条目。

    提示: getservbyname 找到第一个匹配就停止；用字典时只设置还不存在的键（dict.setdefault），
    服务名和别名都一样。同名但协议不同是另一个键。
    """
    text = ("dup 1000/tcp\ndup 2000/tcp\ndup 3000/udp\nother 4000/tcp dup\n"
            "alias-first 5000/tcp later\nlater 6000/tcp\n")
    expected = {("dup", "tcp"): 1000, ("dup", "udp"): 3000, ("other", "tcp"): 4000,
                ("alias-first", "tcp"): 5000, ("later", "tcp"): 5000}
    got = _parse_services(text, repr(text))
    assert got == expected, f"parse_services({text!r}):\n  " + _dict_diff(got, expected)


def _error_for(text: str):
    """The ValueError parse_services raises for text, or an AssertionError."""
    call = f"parse_services({text!r})"
    return expect_raises(ValueError, call, addresses.parse_services, text)


def test_parse_services_strict_port():
    """parse_services refuses a port that is not ASCII digits 0–65535.

    Hint: int() accepts "+80", " 80", "8_0" and "８０"; a port is ASCII
    digits only (isascii() and isdigit()) and at most 65535.

    中文: 检查 parse_services 拒绝不是 ASCII 数字 0~65535 的端口。

    提示: int() 能接受 "+80"、" 80"、"8_0" 和全角的 "８０"；端口只能是 ASCII 数字
    （isascii() 且 isdigit()），并且不超过 65535。
    """
    accepted = []
    with deadline(QUICK, "parse_services on lines with bad ports"):
        for port in ["+80", "-1", "8_0", "８٠", "65536", "99999", "0x50", "80.0", "", "eighty"]:
            text = f"ok 1/tcp\nhttp {port}/tcp\n"
            try:
                result = addresses.parse_services(text)
            except ValueError:
                continue
            accepted.append(f"parse_services({text!r}) returned {result!r}")
    assert not accepted, (
        "these lines should raise ValueError (the port is ASCII digits 0-65535, no sign):\n  "
        + "\n  ".join(accepted))


MALFORMED = [
    ("http\n", "no port/proto"),
    ("http 80\n", "no /proto"),
    ("http 80/\n", "empty proto"),
    ("http /tcp\n", "empty port"),
    ("http 80tcp www\n", "no slash"),
    ("http +80/tcp\n", "a sign"),
]


@pytest.mark.points(2)
def test_parse_services_error_names_the_line():
    """parse_services raises ValueError naming the number of a malformed line (from 1).

    Hint: enumerate(text.split("\\n"), 1) counts every line, blank and
    comment lines included, so the number matches what an editor shows.

    中文: 检查 parse_services 遇到格式错误的行时抛出 ValueError，并写出行号（从 1 开始）。

    提示: 用 enumerate(text.split("\\n"), 1) 给每一行计数，空行和注释行也算在内，这样行号
    和编辑器里显示的一致。
    """
    problems = []
    with deadline(QUICK, "parse_services on malformed texts"):
        for index, (line, why) in enumerate(MALFORMED):
            number = 3 + 2 * index
            text = "# services\n\n" + "x 1/tcp\n" * (number - 3) + line + "y 2/udp\n"
            exc = _error_for(text)
            if not re.search(rf"(?<!\d){number}(?!\d)", str(exc)):
                problems.append(f"line {number} {line.strip()!r} ({why}): "
                                f"ValueError({str(exc)!r}) does not name line {number}")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------- service_port

@pytest.mark.points(2)
def test_service_port_in_text():
    """service_port finds names and aliases in services_text, for tcp by default.

    Hint: parse services_text when it is given (do not read /etc/services
    then) and look up (name, proto); proto defaults to "tcp".

    中文: 检查 service_port 能在 services_text 里查到服务名和别名，协议默认为 tcp。

    提示: 给了 services_text 就解析它（这时不要去读 /etc/services），再查 (name, proto)；
    proto 默认是 "tcp"。
    """
    cases = [(("netlab-echo",), 4007), (("echo-test",), 4007), (("netlab-dns", "udp"), 5353),
             (("webx", "tcp"), 8088), (("netlab-max", "udp"), 65535)]
    wrong = []
    with deadline(QUICK, "service_port on a services text"):
        for args, port in cases:
            got = addresses.service_port(*args, services_text=CUSTOM_SERVICES)
            if got != port:
                wrong.append(f"service_port{args!r} in the test services returned {got!r}, "
                             f"expected {port}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name, proto", [("netlab-dns", "tcp"), ("no-such-service", "tcp"),
                                         ("WEBX", "tcp")])
def test_service_port_unknown(name, proto):
    """service_port raises LookupError for a (name, proto) that is not listed.

    Hint: a KeyError (a LookupError) from the dict will do; a service listed
    only for udp is unknown for tcp, and names are case-sensitive.

    中文: 检查 service_port 查不到 (name, proto) 时抛出 LookupError。

    提示: 字典抛出的 KeyError（LookupError 的子类）就可以；只登记了 udp 的服务用 tcp 是
    查不到的，服务名区分大小写。
    """
    call = f"service_port({name!r}, {proto!r}, services_text=...)"
    with deadline(QUICK, call):
        expect_raises(LookupError, call, addresses.service_port, name, proto, CUSTOM_SERVICES)


def test_service_port_system():
    """service_port with no services_text agrees with socket.getservbyname.

    Hint: read /etc/services (fall back to socket.getservbyname when it does
    not exist); an unknown name raises LookupError there too, not OSError.

    中文: 检查不给 services_text 时，service_port 的结果和 socket.getservbyname 一致。

    提示: 读取 /etc/services（文件不存在时改用 socket.getservbyname）；查不到的名字同样要抛
    LookupError，而不是 OSError。
    """
    with deadline(BIG, "service_port on the system's services"):
        for name, proto in [("http", "tcp"), ("ssh", "tcp"), ("domain", "udp"),
                            ("www", "tcp")]:
            got = addresses.service_port(name, proto)
            expected = socket.getservbyname(name, proto)
            assert got == expected, (
                f"service_port({name!r}, {proto!r}) returned {got!r}; "
                f"socket.getservbyname gives {expected}")
        got = addresses.service_port("http")
        assert got == 80, f"service_port('http') returned {got!r}, expected 80 (proto tcp)"
        expect_raises(LookupError, "service_port('netlab-no-such-service')",
                addresses.service_port, "netlab-no-such-service")


# ------------------------------------------------------------- resolve_ipv4

def test_resolve_ipv4():
    """resolve_ipv4 gives what socket.gethostbyname gives for localhost and this host's name.

    Hint: socket.gethostbyname(hostname) returns the IPv4 address as a str;
    getaddrinfo without family=AF_INET may answer with an IPv6 address.

    中文: 检查 resolve_ipv4 对 localhost 和本机主机名的结果与 socket.gethostbyname 一致。

    提示: socket.gethostbyname(hostname) 返回字符串形式的 IPv4 地址；getaddrinfo 不指定
    family=AF_INET 的话可能返回 IPv6 地址。
    """
    names = ["localhost", socket.gethostname(), "127.1.2.3"]
    with deadline(BIG, "resolve_ipv4 on localhost and socket.gethostname()"):
        for name in names:
            expected = socket.gethostbyname(name)
            got = addresses.resolve_ipv4(name)
            assert got == expected, (
                f"resolve_ipv4({name!r}) returned {got!r}; socket.gethostbyname({name!r}) "
                f"gives {expected!r}")
