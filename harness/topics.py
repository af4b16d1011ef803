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
    Topic("concepts", "网络的目的, OSI模型, 协议, 进程状态, 并行/并发, IO密集/CPU密集", bugs=(
        "running_waiting_reversed",     # waiting->running allowed, running->waiting refused
        "self_transition_allowed",      # a state to itself counted as a transition
        "wall_clock_as_cpu",            # perf_counter (or time.time) used for CPU time
        "states_case_insensitive",      # "Running" accepted instead of ValueError
        "unknown_state_returns_false",  # an unknown state gives False, not ValueError
    )),
    Topic("addresses", "IP地址, 特殊IP, 端口, IP的十六进制转换, gethostbyname", bugs=(
        "octet_256_accepted",           # 0~256, as the notes say
        "three_parts_accepted",         # "1.2.3" taken as an address
        "leading_zeros_accepted",       # "01.2.3.4"
        "int_parses_loose_text",        # int() accepts " 1", "+1", "١"
        "hex_byte_order_swapped",       # little-endian hex
        "subnet_31_32_host_count",      # /31 and /32 counted as network+broadcast
        "port_category_off_by_one",     # 1023/1024 or 49151/49152 misplaced
        "services_aliases_ignored",     # aliases not mapped to the port
        "services_comment_not_stripped",  # "# comment" at line end kept
    )),
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
    Topic("udp", "UDP 服务端/客户端, recvfrom/sendto", bugs=(
        "no_retry",                     # one send, then TimeoutError
        "retry_off_by_one",             # retries sends, not retries + 1
        "accepts_any_sender",           # a reply from any address ends the wait
        "unbounded_wait",               # no timeout on recvfrom
        "socket_leaked_on_timeout",     # socket not closed when giving up
        "recv_buffer_too_small",        # recvfrom(1024): large datagrams truncated
    )),
    Topic("cli", "sys.argv 命令行获取参数"),
    Topic("sockopts", "套接字属性: getsockname, getpeername, SO_REUSEADDR", bugs=(
        "reuseaddr_after_bind",         # SO_REUSEADDR set after bind: no effect
        "peer_raises_unconnected",      # getpeername() error escapes describe_socket
        "family_type_as_ints",          # 2 and 1 instead of "AF_INET", "SOCK_STREAM"
        "socket_leaked_on_bind_failure",  # the socket stays open when bind fails
    )),
    Topic("nonblocking", "阻塞IO, 非阻塞IO, setblocking(False), settimeout", bugs=(
        "mode_not_restored",            # the caller's socket left non-blocking
        "timeout_ignored",              # waits without a bound
        "milliseconds_for_seconds",     # timeout taken as milliseconds
        "blocking_io_error_leaked",     # BlockingIOError escapes instead of None
        "none_vs_empty_confused",       # None at EOF or b"" when no data
        "busy_wait",                    # a polling loop that burns CPU
    )),
    Topic("multiplexing", "IO多路复用, select, poll, IO地图", bugs=(
        "blocking_sendall",             # sendall in the loop blocks on one client
        "closed_sockets_kept",          # closed sockets left in the set (spin, POLLNVAL)
        "one_client_at_a_time",         # serves a client to EOF before the next
        "partial_write_lost",           # the unsent part of a partial send dropped
        "select_zero_timeout",          # select/poll with a 0 timeout in a loop
    )),
    Topic("unix_sockets", "本地套接字 AF_UNIX", bugs=(
        "deletes_regular_file",         # unlinks whatever is at the path
        "stale_socket_not_removed",     # "Address already in use" on a stale file
        "removes_live_socket",          # unlinks a live server's socket
        "socket_file_left_after_close",  # close_unix_listener leaves the file
        "path_length_unchecked",        # too-long paths not refused with ValueError
    )),
    Topic("http_messages", "HTTP 请求/响应 格式, 响应码", bugs=(
        "head_end_in_newest_chunk_only",  # b"\r\n\r\n" searched only in the last chunk
        "headers_lowercased",           # header names changed
        "headers_deduplicated",         # repeated headers merged or dropped
        "content_length_ignored_in_pipelining",  # body bytes read as the next request
        "int_accepts_loose_content_length",  # int(" 12"), "+12", "1_0"
        "no_size_limits",               # no 431/413: unbounded buffering
        "chunked_trailer_not_consumed",  # trailer lines left in the stream
    )),
    Topic("http_server", "静态网页服务器", bugs=(
        "traversal_check_before_decoding",  # ".." looked for before percent-decoding
        "symlink_escapes_root",         # a symlink inside root leads outside
        "head_sends_body",              # HEAD answered with the body
        "one_client_at_a_time",         # a slow client blocks everyone
        "no_idle_timeout",              # idle connections kept forever
    )),
    Topic("filetypes", "Linux下文件类型 bcd-lsp", bugs=(
        "stat_instead_of_lstat",        # symlinks followed
        "special_bits_without_exec",    # s/t instead of S/T when x is off (or the reverse)
        "recurses_symlinked_dirs",      # count_types follows symlinked directories
    )),
    Topic("procinfo", "ps STAT, 进程优先级 nice, /proc", bugs=(
        "split_stat_line",              # split() on /proc/PID/stat: breaks on names with spaces
        "modifiers_wrong_order",        # not in ps's order <NLsl+
        "nice_sign_reversed",           # < for nice > 0, N for nice < 0
        "foreground_wrong_group",       # + from pid or sid instead of pgrp == tpgid
    )),
    Topic("processes", "os.fork, 孤儿进程, 僵尸进程, wait/waitpid", bugs=(
        "sys_exit_in_child",            # the child runs the caller's cleanup and finally
        "single_wait_for_many",         # one wait for many children: zombies remain
        "blocking_waitpid_in_reap",     # waitpid(-1, 0) in reap_finished
        "wexitstatus_on_signal",        # WEXITSTATUS of a signalled status
        "intermediate_child_not_reaped",  # daemonize leaves a zombie
    )),
    Topic("forking_server", "多进程并发服务器", bugs=(
        "parent_keeps_conn",            # the parent never closes its copy: fd leak, no EOF
        "child_keeps_listener",         # the handler child holds the listener
        "child_returns_to_accept_loop",  # the child falls back into the accept loop
        "reaps_only_on_accept",         # zombies pile up until the next client
    )),
    Topic("multiproc", "multiprocessing.Process, start, join", bugs=(
        "join_in_start_loop",           # start then join each: serial
        "completion_order",             # results in completion order
        "queue_get_without_timeout",    # hangs when a worker died
        "terminate_without_join",       # leaves a zombie
        "closures_fork_only",           # lambdas or closures: breaks under spawn
    )),
)

BY_NAME = {t.name: t for t in TOPICS}
ORDER = {t.name: i for i, t in enumerate(TOPICS)}
