"""Addresses: IPv4 addresses, subnets, ports, services and host names.

An IPv4 address is a 32-bit number. People write it as a *dotted quad*: four
decimal numbers 0-255, one per byte, most significant first
("192.168.1.37" is 0xC0A80125). The strict form has exactly four parts of
ASCII digits without signs, spaces or leading zeros ("01" is refused, as
``ipaddress.IPv4Address`` refuses it: some old parsers read a leading zero
as octal). Beware ``int()``: it accepts " 1", "+1", "1_0" and non-ASCII
digits such as "١" (Arabic-Indic one) or "１" (full-width one), none of
which belong in an address. Check ``s.isascii() and s.isdigit()`` first.

``socket.inet_aton("127.0.0.1")`` packs an address into its 4 bytes in
network byte order (big-endian: b"\\x7f\\x00\\x00\\x01"); writing those bytes
in hex gives "7f000001". ``socket.inet_ntoa`` is the inverse.

A subnet "ADDRESS/PREFIX" (CIDR) keeps the first PREFIX bits as the network
part. The *netmask* has those bits set; the *network address* has the host
bits all 0 and the *broadcast address* has them all 1; the addresses in
between are the hosts. Two special cases (RFC 3021 and common practice):
in a /31 both addresses are hosts (a point-to-point link has no room for a
network and a broadcast address), and a /32 is one host.

Some address blocks are special (IANA special-purpose registry, RFC 6890):
127.0.0.0/8 loopback (this machine), 10/8, 172.16/12 and 192.168/16 private
networks (RFC 1918), 169.254/16 link-local, 224/4 multicast, and so on.
"0.0.0.0" is the unspecified address: binding to it means "all interfaces".

Ports are 16-bit numbers, 0-65535. RFC 6335 splits them into system ports
0-1023, user (registered) ports 1024-49151 and dynamic (private, ephemeral)
ports 49152-65535. ``/etc/services`` lists well-known services:
``name port/proto [aliases...] [# comment]``.

中文概述: 本主题对应笔记的"IP地址、特殊IP、端口、IP的十六进制转换"部分。IPv4
地址是 32 位整数，写成点分十进制的四段，每段 0~255。注意笔记里"取值0~256"是错的，
256 已经超出一个字节；也不能用 int() 直接转换每一段，它会接受 " 1"、"+1"、"1_0"
和阿拉伯数字"١"等非 ASCII 数字。特殊IP：127.0.0.1 是本机回环地址，0.0.0.0 在
bind 时表示本机所有网卡，192.168.1.0/24 这样的网段里主机位全 0 是网络地址、
全 1 是广播地址（笔记里的 192.198.1.255 应为 192.168.1.255），/31 两个地址都是
主机，/32 只有一个主机。端口范围是 0~65535，按 RFC 6335 分为系统端口 0~1023、
用户（注册）端口 1024~49151、动态端口 49152~65535，笔记里 1~255 / 256~1023 /
1024~65535 的分法不是标准。socket.inet_aton 把地址打包成 4 个字节（网络字节序，
大端），并不是"十六进制"，它的逆操作是 socket.inet_ntoa（笔记写成了 inet_atoa）；
由主机名查 IP 用 socket.gethostbyname（笔记写成了 gethostbtname）；
socket.getservbyname 查的就是 /etc/services 这个文件。
"""
# Strategy: one strict parser (_parse_decimal) for every decimal field, so the
# int() pitfalls are handled in one place; addresses are ints inside, text
# only at the edges; subnets and special blocks are bit masks.
import socket
from dataclasses import dataclass

_SERVICES_PATH = "/etc/services"


@dataclass(frozen=True)
class Subnet:
    """What ``subnet_info`` reports about an IPv4 subnet (addresses as dotted quads)."""

    network: str      # host bits all 0, e.g. "192.168.1.0"
    broadcast: str    # host bits all 1 (for /31 and /32: the last address)
    netmask: str      # prefix bits 1, host bits 0, e.g. "255.255.255.0"
    prefix: int       # 0-32
    first_host: str   # the first usable host address
    last_host: str    # the last usable host address
    host_count: int   # how many usable host addresses


def _parse_decimal(text: str, what: str, maximum: int) -> int:
    """A decimal field: ASCII digits only, no sign, space, underscore or leading zero."""
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{what} must be ASCII digits, got {text!r}")
    if len(text) > 1 and text[0] == "0":
        raise ValueError(f"{what} has a leading zero: {text!r}")
    value = int(text)
    if value > maximum:
        raise ValueError(f"{what} must be at most {maximum}, got {text!r}")
    return value


def parse_ipv4(text: str) -> int:
    """Parse a strict dotted-quad IPv4 address into its 32-bit integer.

    The text must be exactly four decimal parts separated by dots, each part
    0-255, written with ASCII digits only: no sign, no spaces, no
    underscores, no empty parts and no leading zeros ("0" is fine, "01" is
    not). These are the rules of ``ipaddress.IPv4Address``.

    Args:
        text: e.g. "192.168.1.37".

    Returns:
        The address as an int in [0, 2**32), e.g. 3232235813. The first part
        is the most significant byte.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: anything else: "256.1.1.1", "1.2.3", "1.2.3.4.5",
            "01.2.3.4", " 1.2.3.4", "+1.2.3.4", "1.2.3.١", "1..3.4"
            (the message names the text).
    """
    if not isinstance(text, str):
        raise TypeError(f"an IPv4 address must be a str, got {text!r}")
    value = 0
    for octet in _octets(text):
        value = value << 8 | octet   # the first part is the most significant byte
    return value


def _octets(text: str) -> list[int]:
    """The four byte values of a strict dotted quad."""
    parts = text.split(".")
    if len(parts) != 4:
        raise ValueError(f"an IPv4 address has 4 dot-separated parts, got {text!r}")
    try:
        return [_parse_decimal(part, "an IPv4 address part", 255) for part in parts]
    except ValueError as exc:
        raise ValueError(f"invalid IPv4 address {text!r}: {exc}") from None


def format_ipv4(value: int) -> str:
    """Write a 32-bit integer as a dotted-quad IPv4 address.

    Args:
        value: an int in [0, 2**32).

    Returns:
        The dotted quad, e.g. ``format_ipv4(2130706433) == "127.0.0.1"``.

    Raises:
        TypeError: ``value`` is not an int (a bool is not accepted).
        ValueError: ``value`` is outside [0, 2**32) (the message names it).
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"an IPv4 address value must be an int, got {value!r}")
    if not 0 <= value < 2 ** 32:
        raise ValueError(f"an IPv4 address value must be in [0, 2**32), got {value!r}")
    return ".".join(str(byte) for byte in value.to_bytes(4, "big"))


def ipv4_to_hex(text: str) -> str:
    """The 8 lowercase hex digits of an address's 4 bytes in network order.

    This is ``socket.inet_aton(text).hex()`` for a strict dotted quad:
    big-endian, so the first part comes first ("127.0.0.1" -> "7f000001").
    Unlike ``inet_aton``, it accepts only what ``parse_ipv4`` accepts
    (``inet_aton`` also takes old forms such as "127.1").

    Args:
        text: a dotted-quad IPv4 address.

    Returns:
        Exactly 8 lowercase hex digits.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: ``text`` is not a strict dotted quad (see ``parse_ipv4``).
    """
    return f"{parse_ipv4(text):08x}"


def hex_to_ipv4(digits: str) -> str:
    """The dotted quad for 8 hex digits (the inverse of ``ipv4_to_hex``).

    Like ``socket.inet_ntoa(bytes.fromhex(digits))``, but strict: exactly 8
    ASCII hex digits, upper or lower case, nothing else ("7F000001" and
    "7f000001" both give "127.0.0.1").

    Args:
        digits: 8 hex digits, e.g. "c0a80125".

    Returns:
        The dotted quad, e.g. "192.168.1.37".

    Raises:
        TypeError: ``digits`` is not a str.
        ValueError: not exactly 8 ASCII hex digits: "7f00001", "0x7f0001",
            "+7f00001", " 7f00001", "7f_00001", "7f00000g" (the message
            names the text).
    """
    if not isinstance(digits, str):
        raise TypeError(f"hex digits must be a str, got {digits!r}")
    if len(digits) != 8 or not all(c in "0123456789abcdefABCDEF" for c in digits):
        raise ValueError(f"expected exactly 8 hex digits, got {digits!r}")
    return format_ipv4(int(digits, 16))


def _network(cidr: str) -> tuple[int, int]:
    address, prefix = cidr.split("/")
    return parse_ipv4(address), int(prefix)


_SPECIAL = [(_network(cidr), label) for cidr, label in [
    # first match wins: specific blocks before the ones holding them
    ("0.0.0.0/32", "unspecified"),
    ("0.0.0.0/8", "this-network"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local"),
    ("10.0.0.0/8", "private"),
    ("172.16.0.0/12", "private"),
    ("192.168.0.0/16", "private"),
    ("100.64.0.0/10", "shared"),
    ("192.0.2.0/24", "documentation"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("240.0.0.0/4", "reserved"),
]]


def _mask(prefix: int) -> int:
    """The netmask of a prefix length as an int: `prefix` one bits, then zeros."""
    return (0xFFFFFFFF << (32 - prefix)) & 0xFFFFFFFF


def classify_ipv4(text: str) -> str:
    """Which special-purpose block an IPv4 address belongs to.

    The first matching row of this table wins:

    ====================================================  ===============
    block                                                 answer
    ====================================================  ===============
    0.0.0.0 (exactly)                                     "unspecified"
    0.0.0.0/8                                             "this-network"
    127.0.0.0/8                                           "loopback"
    169.254.0.0/16                                        "link-local"
    10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16             "private"
    100.64.0.0/10                                         "shared"
    192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24         "documentation"
    224.0.0.0/4                                           "multicast"
    255.255.255.255 (exactly)                             "broadcast"
    240.0.0.0/4                                           "reserved"
    anything else                                         "public"
    ====================================================  ===============

    Args:
        text: a dotted-quad IPv4 address.

    Returns:
        One of the answers above.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: ``text`` is not a strict dotted quad (see ``parse_ipv4``).
    """
    value = parse_ipv4(text)
    for (network, prefix), label in _SPECIAL:
        if value & _mask(prefix) == network:
            return label
    return "public"


def subnet_info(cidr: str) -> Subnet:
    """Describe the IPv4 subnet an ``ADDRESS/PREFIX`` string lies in.

    The address may have host bits set ("192.168.1.37/24" is the subnet
    192.168.1.0/24), as with ``ipaddress.ip_network(cidr, strict=False)``.
    Hosts are the addresses between the network and broadcast addresses;
    a /31 has two hosts (both addresses, RFC 3021) and a /32 one, and for
    both the broadcast field is the last address.

    Example: ``subnet_info("192.168.1.37/24")`` is ``Subnet(network=
    "192.168.1.0", broadcast="192.168.1.255", netmask="255.255.255.0",
    prefix=24, first_host="192.168.1.1", last_host="192.168.1.254",
    host_count=254)``.

    Args:
        cidr: exactly ``ADDRESS/PREFIX``: the address as ``parse_ipv4``
            accepts it, the prefix in decimal, 0-32, ASCII digits without
            sign or leading zeros.

    Returns:
        A ``Subnet``.

    Raises:
        TypeError: ``cidr`` is not a str.
        ValueError: a bare address, a netmask instead of a prefix
            ("10.0.0.0/255.0.0.0"), "/024", "/33", "/-1", "/ 8", two
            slashes, or a bad address (the message names the text).
    """
    if not isinstance(cidr, str):
        raise TypeError(f"a subnet must be a str like '10.0.0.0/8', got {cidr!r}")
    try:
        value, prefix = _split_cidr(cidr)
    except ValueError as exc:
        raise ValueError(f"invalid subnet {cidr!r} (expected ADDRESS/PREFIX): {exc}") from None
    mask = _mask(prefix)
    network = value & mask
    broadcast = network | (~mask & 0xFFFFFFFF)
    first, last = _host_range(network, broadcast, prefix)
    return Subnet(format_ipv4(network), format_ipv4(broadcast), format_ipv4(mask),
                  prefix, format_ipv4(first), format_ipv4(last), last - first + 1)


def _split_cidr(cidr: str) -> tuple[int, int]:
    """(address, prefix) of a strict ADDRESS/PREFIX text."""
    address, slash, prefix_text = cidr.partition("/")
    if not slash:
        raise ValueError("no '/PREFIX'")
    return parse_ipv4(address), _parse_decimal(prefix_text, "the prefix", 32)


def _host_range(network: int, broadcast: int, prefix: int) -> tuple[int, int]:
    """The first and last host: all addresses in a /31 (RFC 3021) or /32."""
    if prefix >= 31:
        return network, broadcast
    return network + 1, broadcast - 1


def port_category(port: int) -> str:
    """The RFC 6335 range a port number falls in.

    Args:
        port: an int 0-65535.

    Returns:
        "system" for 0-1023, "user" for 1024-49151 (registered ports),
        "dynamic" for 49152-65535 (private or ephemeral ports).

    Raises:
        TypeError: ``port`` is not an int (a bool is not accepted).
        ValueError: ``port`` is outside 0-65535 (the message names it).
    """
    if isinstance(port, bool) or not isinstance(port, int):
        raise TypeError(f"a port must be an int, got {port!r}")
    if not 0 <= port <= 65535:
        raise ValueError(f"a port must be in 0-65535, got {port!r}")
    if port <= 1023:
        return "system"
    if port <= 49151:
        return "user"
    return "dynamic"


def parse_services(text: str) -> dict[tuple[str, str], int]:
    """Parse text in the ``/etc/services`` format (see services(5)).

    Each line is ``name port/proto [alias ...] [# comment]``, fields
    separated by spaces or tabs. Everything from a "#" to the end of the
    line is a comment; blank and comment-only lines are skipped. The name
    and every alias map to the port for that protocol. When a
    ``(name, proto)`` pair appears again (as a name or as an alias), the
    first entry wins, as with ``socket.getservbyname``.

    Args:
        text: the file's contents.

    Returns:
        A dict ``{(name, proto): port}``, e.g. the line
        ``"http 80/tcp www # WorldWideWeb HTTP"`` gives
        ``{("http", "tcp"): 80, ("www", "tcp"): 80}``.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: a line that is not blank or a comment lacks the
            ``port/proto`` field, or its port is not ASCII digits 0-65535
            (signs, spaces and non-ASCII digits are refused), or its proto is
            empty. The message names the line number (the first line is 1)
            and the bad text.
    """
    if not isinstance(text, str):
        raise TypeError(f"services text must be a str, got {type(text).__name__}")
    services = {}
    for number, line in enumerate(text.split("\n"), 1):
        fields = _fields(line)
        if fields:
            names, port, proto = _service_entry(fields, number, line)
            for name in names:
                services.setdefault((name, proto), port)   # the first entry wins
    return services


def _fields(line: str) -> list[str]:
    """The whitespace-separated fields of a services line, its comment cut off."""
    return line.split("#", 1)[0].split()


def _service_entry(fields: list[str], number: int, line: str) -> tuple[list[str], int, str]:
    """(names and aliases, port, proto) of a services line, or ValueError naming the line."""
    if len(fields) < 2:
        raise ValueError(f"line {number}: expected 'name port/proto', got {line!r}")
    name, port_proto, *aliases = fields
    port_text, slash, proto = port_proto.partition("/")
    if not slash or not proto:
        raise ValueError(f"line {number}: expected port/proto, got {port_proto!r}")
    try:
        port = _parse_port(port_text)
    except ValueError as exc:
        raise ValueError(f"line {number}: {exc}: {line!r}") from None
    return [name, *aliases], port, proto


def _parse_port(text: str) -> int:
    """A services port: ASCII digits 0-65535 (leading zeros are fine here)."""
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise ValueError(f"the port must be ASCII digits 0-65535, got {text!r}")
    return int(text)


def service_port(name: str, proto: str = "tcp", services_text: str | None = None) -> int:
    """The port of a named service, like ``socket.getservbyname(name, proto)``.

    Args:
        name: a service name or alias, e.g. "http" or "www" (case matters).
        proto: the protocol, e.g. "tcp" or "udp".
        services_text: text in the ``/etc/services`` format to search; when
            None, the file ``/etc/services`` is read (and when that file does
            not exist, ``socket.getservbyname`` is asked instead).

    Returns:
        The port number, an int.

    Raises:
        LookupError: no such service for that protocol (the message names
            both).
        ValueError: the services text has a malformed line (see
            ``parse_services``).
    """
    if services_text is None:
        try:
            with open(_SERVICES_PATH, encoding="utf-8", errors="replace") as file:
                services_text = file.read()
        except FileNotFoundError:
            try:
                return socket.getservbyname(name, proto)
            except OSError:
                raise LookupError(f"no service {name!r} for protocol {proto!r}") from None
    try:
        return parse_services(services_text)[(name, proto)]
    except KeyError:
        raise LookupError(f"no service {name!r} for protocol {proto!r}") from None


def resolve_ipv4(hostname: str) -> str:
    """The IPv4 address of a host name, as ``socket.gethostbyname`` gives it.

    Args:
        hostname: e.g. "localhost", ``socket.gethostname()``, or an address
            literal such as "127.0.0.1" (returned as it is).

    Returns:
        A dotted quad, e.g. "127.0.0.1".

    Raises:
        TypeError: ``hostname`` is not a str.
        socket.gaierror: the name does not resolve.
    """
    if not isinstance(hostname, str):
        raise TypeError(f"a host name must be a str, got {hostname!r}")
    return socket.gethostbyname(hostname)
