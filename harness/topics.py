"""The topics in learning order, with the seed terms they teach and the
student bugs (mutant slugs) CURRICULUM.md requires their checks to catch.

A topic's checks live in checks/test_<name>.py; its mutants in
mutants/<name>/<slug>.py. The summary table and the mutant gate read this
list, so it is the one place a new topic is registered.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    name: str
    seed_terms: str
    bugs: tuple[str, ...] = field(default=())


TOPICS: tuple[Topic, ...] = (
    Topic("concepts", "网络的目的, OSI模型, 协议, 进程状态, 并行/并发, IO密集/CPU密集"),
    Topic("addresses", "IP地址, 特殊IP, 端口, IP的十六进制转换, gethostbyname"),
    Topic("tcp", "TCP 服务端/客户端, recv/send/sendall, 缓冲区", bugs=(
        "recv_exactly_single_recv",     # single recv assumed to return everything
        "recv_exactly_overreads",       # recv(4096) then truncate: eats the next message
        "send_all_no_loop",             # send without loop
        "eof_not_detected",             # loop spins on b""
        "safe_send_leaks_broken_pipe",  # safe_send lets BrokenPipeError out
        "server_dies_on_reset",         # server exits on ConnectionResetError
        "server_leaks_client_fds",      # server never closes client sockets
        "client_no_shutdown",           # echo_client without SHUT_WR: hangs
    )),
    Topic("framing", "粘包 (TCP has no message boundaries)", bugs=(
        "recv_frame_single_recv",       # one recv = one frame
        "little_endian_header",         # native or little-endian length header
        "max_frame_off_by_one",         # > vs >= on the size guard
        "drops_trailing_bytes",         # bytes after a frame in the same chunk lost
        "empty_payload_is_eof",         # an empty frame taken for EOF
        "quadratic_reslicing",          # re-slicing the buffer for every frame
        "late_size_guard",              # guard applied after buffering the body
        "split_delimiter_missed",       # b"\r\n" split across chunks not found
    )),
    Topic("udp", "UDP 服务端/客户端, recvfrom/sendto"),
    Topic("cli", "sys.argv 命令行获取参数"),
    Topic("sockopts", "套接字属性: getsockname, getpeername, SO_REUSEADDR"),
    Topic("nonblocking", "阻塞IO, 非阻塞IO, setblocking(False), settimeout"),
    Topic("multiplexing", "IO多路复用, select, poll, IO地图"),
    Topic("unix_sockets", "本地套接字 AF_UNIX"),
    Topic("http_messages", "HTTP 请求/响应 格式, 响应码"),
    Topic("http_server", "静态网页服务器"),
    Topic("filetypes", "Linux下文件类型 bcd-lsp"),
    Topic("procinfo", "ps STAT, 进程优先级 nice, /proc"),
    Topic("processes", "os.fork, 孤儿进程, 僵尸进程, wait/waitpid"),
    Topic("forking_server", "多进程并发服务器"),
    Topic("multiproc", "multiprocessing.Process, start, join"),
)

BY_NAME = {t.name: t for t in TOPICS}
ORDER = {t.name: i for i, t in enumerate(TOPICS)}
