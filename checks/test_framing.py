"""Checks for topic 4, framing: message boundaries on a TCP byte stream (粘包).

The oracle is the wire format itself (a 4-byte big-endian length, D. J.
Bernstein's netstrings), built here with int.to_bytes, never the reference.
Hypothesis properties run on pure data and the ScriptedSocket fake; the real
TCP round trips use a few fixed seeds.

Clause-to-check map (CURRICULUM.md section 4, then the rules for every topic
that apply here). Every clause is enforced by the checks named after it
(``test_`` left out); an implementation that breaks only that clause fails
at least one of them.

The frame format
- a 4-byte big-endian unsigned length, then the payload:
  encode_frame_writes_big_endian_length_then_payload,
  decoder_reads_network_order_header, recv_frame_reads_network_order_header,
  send_frame_writes_header_and_payload, decoder_size_guard_on_header_alone
  (2**32 - 1 is unsigned)
- empty payloads are legal frames: decoder_empty_frames,
  recv_frame_empty_payload, decoder_whole_stream_in_one_chunk

encode_frame
- longer than MAX_FRAME raises FrameTooLarge giving the size (exactly
  MAX_FRAME is fine): encode_frame_size_limit
- non-bytes-like raises TypeError: encode_frame_rejects_non_bytes

FrameDecoder
- any chunking (one byte at a time, many frames in one chunk, a split
  header), complete frames in order: decoder_any_chunking,
  decoder_one_byte_at_a_time, decoder_whole_stream_in_one_chunk,
  tcp_sticky_frames_with_decoder_and_small_recvs
- keeps the rest: decoder_keeps_trailing_partial_frame
- buffered counts bytes fed and not yet returned, header bytes included:
  decoder_buffered_counts_header_bytes, decoder_any_chunking
- a header announcing more than max_frame raises FrameTooLarge as soon as
  the header is complete, before any body byte: decoder_size_guard_on_header_alone;
  the limit is inclusive: decoder_size_guard_limit_is_inclusive
- linear work (4 MiB of 16-byte frames in one call): decoder_linear_time
  (docstring: bad data or max_frame: decoder_rejects_bad_arguments)

recv_frame
- None on a clean EOF before the first header byte: recv_frame_clean_eof_returns_none
- EOFError on EOF inside a frame: recv_frame_eof_inside_header_raises,
  recv_frame_eof_inside_body_raises
- FrameTooLarge without reading the body: recv_frame_size_guard_reads_no_body
  (docstring: loops over short reads, reads only what its frame needs, checks
  max_frame before reading: recv_frame_joins_split_header_and_body,
  recv_frame_leaves_next_frames_in_socket, recv_frame_any_chunking,
  recv_frame_rejects_bad_max_frame)

send_frame (docstring)
- the whole frame, written with sendall; a str raises TypeError:
  send_frame_writes_header_and_payload
- FrameTooLarge for more than MAX_FRAME, nothing sent:
  send_frame_rejects_oversized_payload

After a decoder raised, its state is unspecified: no check feeds it again.

LineDecoder
- complete lines without the delimiter, the rest kept:
  line_decoder_whole_bytewise_trailing, line_decoder_any_chunking
- multi-byte delimiters split across chunks are found:
  line_decoder_finds_split_delimiter, line_decoder_any_chunking
- a complete line longer than max_line raises LineTooLong when found:
  line_decoder_rejects_long_complete_line
- a partial line raises LineTooLong at the latest at max_line +
  len(delimiter) buffered bytes: line_decoder_bounds_partial_line
- exactly max_line is fine, also with a split delimiter:
  line_decoder_accepts_exactly_max_line
- an empty delimiter raises ValueError from the constructor:
  line_decoder_rejects_bad_arguments

Netstrings
- b"5:hello,", b"0:," is the empty string: encode_netstring_spec_examples,
  decode_netstrings_spec_examples, netstrings_roundtrip_any_split
- decode returns the complete ones and the remainder that can still become
  valid: decode_netstrings_spec_examples, netstrings_roundtrip_any_split
- leading zeros, a non-digit length, a missing comma raise ValueError as soon
  as the bytes can no longer become valid: decode_netstrings_rejects_invalid_at_once,
  decode_netstrings_invalid_stays_invalid

The checks the section asks for: Hypothesis properties over payloads and
chunkings (decoder_any_chunking, recv_frame_any_chunking,
line_decoder_any_chunking, netstrings_roundtrip_any_split); the same over
real TCP with one sendall and small random reads, the 粘包 case
(tcp_sticky_frames_with_recv_frame, tcp_sticky_frames_with_decoder_and_small_recvs);
the size guard; linear time.

Rules for every topic
- bad input gets the documented exception naming the value (a payload: its
  size): encode_frame_rejects_non_bytes, encode_frame_size_limit,
  decoder_rejects_bad_arguments, decoder_size_guard_on_header_alone,
  recv_frame_rejects_bad_max_frame, recv_frame_size_guard_reads_no_body,
  line_decoder_rejects_bad_arguments, send_frame_rejects_oversized_payload
- a caller's socket keeps its blocking mode and timeout:
  frame_io_keeps_socket_timeout
- no socket of its own, no timeout parameter, nothing served: the rules on
  closing sockets, timeouts and servers do not apply.
"""
import random
import socket

import pytest
from hypothesis import given, settings, strategies as st

from harness import deadline, run_sandboxed, topic
from harness.fakes import ScriptedSocket
from harness.net import sending_in_background, tcp_pair

framing = topic("framing")

QUICK = 1.0   # seconds for pure code on small input or a fake socket
NET = 3.0     # seconds for a call on loopback
MIB = 1024 * 1024
MAX_FRAME = 16 * MIB  # the contract's value, not read from the implementation

PROPERTY = settings(max_examples=75)


def _frame(payload: bytes) -> bytes:
    """The check's own encoder: 4-byte big-endian length, then the payload."""
    return len(payload).to_bytes(4, "big") + payload


def _header(n: int) -> bytes:
    return n.to_bytes(4, "big")


def _netstring(payload: bytes) -> bytes:
    return str(len(payload)).encode() + b":" + payload + b","


def _short(value, limit=160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def _split(blob: bytes, cuts) -> list[bytes]:
    """Cut blob at the given offsets into non-empty chunks."""
    points = sorted({0, len(blob), *cuts})
    return [blob[a:b] for a, b in zip(points, points[1:])]


def _chunks_of(data, blob: bytes) -> list[bytes]:
    cuts = data.draw(st.lists(st.integers(0, len(blob)), max_size=12), label="cuts")
    return _split(blob, cuts)


def _feed_all(decoder, chunks, what="feed"):
    out = []
    with deadline(QUICK, what, "does a loop in feed stop when no complete message is left?"):
        for chunk in chunks:
            out.extend(decoder.feed(chunk))
    return out


def _drain(sock) -> bytes:
    """Everything still readable, with the check's own loop."""
    return b"".join(iter(lambda: sock.recv(65536), b""))


PAYLOADS = st.lists(
    st.one_of(st.binary(max_size=40), st.binary(min_size=250, max_size=700)),
    max_size=10)

FIXED = [b"hello", b"", b"x" * 300, b"\x00\x01\x02", b"", bytes(range(256))]

# --------------------------------------------------------------- encode_frame


def test_encode_frame_writes_big_endian_length_then_payload():
    """encode_frame(p) is the 4-byte big-endian len(p) followed by p.

    Hint: "!I" (network order, big-endian) is not "I" (native order, which is
    little-endian on x86). b"a" must encode as b"\\x00\\x00\\x00\\x01a".

    中文: 检查 encode_frame(p) 是 4 字节大端序的 len(p)，后面跟着 p 本身。

    提示: "!I"（网络字节序，即大端序）不是 "I"（本机字节序，在 x86
    上是小端序）。b"a" 必须编码成 b"\\x00\\x00\\x00\\x01a"。
    """
    for payload in [b"a", b"", b"hello", bytes(range(256)) * 2, b"\x00" * 70000]:
        with deadline(QUICK, "encode_frame"):
            got = framing.encode_frame(payload)
        want = _frame(payload)
        assert got == want, (
            f"encode_frame(<{len(payload)} bytes>) returned header {got[:4]!r} and "
            f"{len(got) - 4} payload bytes; expected header {want[:4]!r} "
            f"(= {len(payload)}.to_bytes(4, 'big')) then the payload: is the "
            "length packed in network (big-endian) order?")
        assert type(got) is bytes, f"encode_frame returned {type(got).__name__}, expected bytes"
    for kind in (bytearray, memoryview):
        with deadline(QUICK, f"encode_frame({kind.__name__}(b'xy'))"):
            got = framing.encode_frame(kind(b"xy"))
        assert got == _frame(b"xy") and type(got) is bytes, (
            f"encode_frame({kind.__name__}(b'xy')) returned {got!r}, expected "
            f"{_frame(b'xy')!r} as bytes: any bytes-like payload is accepted")


@pytest.mark.parametrize("bad", ["hello", 5, None, [1, 2]], ids=["str", "int", "None", "list"])
def test_encode_frame_rejects_non_bytes(bad):
    """encode_frame raises TypeError for a payload that is not bytes-like.

    Hint: a str must be encoded by the caller; bytes(5) would quietly make 5
    zero bytes. Check the type and name the bad value in the message.

    中文: 检查 payload 不是字节类对象时，encode_frame 抛出 TypeError。

    提示: str 要由调用者先编码；bytes(5) 会悄悄生成 5
    个零字节。先检查类型，并在异常消息里写出错误的值。
    """
    with deadline(QUICK, f"encode_frame({bad!r})"):
        with pytest.raises(TypeError) as info:
            framing.encode_frame(bad)
    text = str(info.value)
    assert repr(bad) in text or type(bad).__name__ in text, (
        f"encode_frame({bad!r}) raised TypeError({text!r}); the message should "
        "name the bad value or its type")


def test_encode_frame_size_limit():
    """encode_frame accepts exactly MAX_FRAME bytes and rejects MAX_FRAME + 1.

    Hint: the limit is inclusive: len(payload) > MAX_FRAME is too large, and
    FrameTooLarge's message gives the size.

    中文: 检查 encode_frame 接受正好 MAX_FRAME 字节的 payload，拒绝
    MAX_FRAME + 1 字节的。

    提示: 上限本身是允许的：len(payload) > MAX_FRAME 才算太大；FrameTooLarge
    的消息要给出大小。
    """
    with deadline(NET, "encode_frame(<MAX_FRAME bytes>)"):
        got = framing.encode_frame(bytes(MAX_FRAME))
    assert len(got) == MAX_FRAME + 4 and got[:4] == _header(MAX_FRAME), (
        f"encode_frame(<{MAX_FRAME} bytes>) returned {len(got)} bytes starting "
        f"{got[:4]!r}; expected {MAX_FRAME + 4} bytes starting {_header(MAX_FRAME)!r}: "
        "exactly MAX_FRAME bytes is allowed (> not >=)")
    with deadline(NET, "encode_frame(<MAX_FRAME + 1 bytes>)"):
        with pytest.raises(framing.FrameTooLarge) as info:
            framing.encode_frame(bytes(MAX_FRAME + 1))
    assert str(MAX_FRAME + 1) in str(info.value), (
        f"encode_frame(<{MAX_FRAME + 1} bytes>) raised FrameTooLarge({str(info.value)!r}); "
        f"the message should give the size {MAX_FRAME + 1}")


# --------------------------------------------------------------- FrameDecoder


def test_decoder_whole_stream_in_one_chunk():
    """FrameDecoder.feed returns every frame of a chunk holding many frames.

    Hint: 粘包: one recv can carry several frames. Loop while the buffer holds
    a complete frame, and keep going after the first one.

    中文: 检查一块数据里有多个帧时，FrameDecoder.feed 把每一个帧都返回。

    提示: 这就是粘包：一次 recv
    可能带来好几个帧。只要缓冲区里还有完整的帧就继续循环，取出第一个之后不要停。
    """
    stream = b"".join(map(_frame, FIXED))
    decoder = framing.FrameDecoder()
    got = _feed_all(decoder, [stream], "FrameDecoder().feed(<6 frames>)")
    assert got == FIXED, (
        f"FrameDecoder().feed(<{len(FIXED)} frames in one chunk>) returned "
        f"{_short(got)}; expected {_short(FIXED)}: all complete frames, in order "
        "(an empty payload is a frame too)")
    assert all(type(f) is bytes for f in got), (
        f"feed returned items of types {[type(f).__name__ for f in got]}, expected bytes")
    assert decoder.buffered == 0, (
        f"after feeding whole frames only, buffered is {decoder.buffered}, expected 0")


def test_decoder_one_byte_at_a_time():
    """FrameDecoder.feed reassembles frames fed one byte at a time.

    Hint: a header can arrive in four separate chunks; keep partial headers
    and bodies in the buffer until they are complete.

    中文: 检查每次只喂一个字节时，FrameDecoder.feed 也能拼出完整的帧。

    提示:
    一个帧头可能分四次才到齐（拆包）；把不完整的帧头和帧体留在缓冲区里，等它们完整了再处理。
    """
    stream = b"".join(map(_frame, FIXED))
    decoder = framing.FrameDecoder()
    got = _feed_all(decoder, [stream[i:i + 1] for i in range(len(stream))],
                    "FrameDecoder.feed(<1 byte>)")
    assert got == FIXED, (
        f"feeding {len(stream)} bytes one at a time returned {_short(got)}; "
        f"expected {_short(FIXED)}")
    assert decoder.buffered == 0, f"buffered is {decoder.buffered} after the last frame, expected 0"


def test_decoder_keeps_trailing_partial_frame():
    """FrameDecoder keeps the start of the next frame that shares a chunk with complete ones.

    Hint: the bytes after a frame belong to the next frame: don't clear the
    buffer after returning a frame, cut only what you consumed.

    中文: 检查和完整帧同在一块数据里的下一帧开头，FrameDecoder 会保留下来。

    提示:
    一个帧后面的字节属于下一个帧：返回一个帧之后不要清空缓冲区，只切掉已经用掉的部分。
    """
    decoder = framing.FrameDecoder()
    head = b"".join(map(_frame, FIXED))
    tail = _frame(b"tail!")
    got = _feed_all(decoder, [head + tail[:6]], "FrameDecoder.feed(<frames + 6 bytes>)")
    assert got == FIXED, (
        f"feed(<{len(FIXED)} frames + 6 bytes of the next>) returned {_short(got)}; "
        f"expected {_short(FIXED)}")
    assert decoder.buffered == 6, (
        f"after feeding complete frames plus 6 bytes of the next one, buffered is "
        f"{decoder.buffered}, expected 6 (header bytes count)")
    got = _feed_all(decoder, [tail[6:]], "FrameDecoder.feed(<rest of a frame>)")
    assert got == [b"tail!"], (
        f"feeding the last 3 bytes of {tail!r} returned {got!r}, expected [b'tail!']: "
        "the first 6 bytes fed earlier were lost")
    got = _feed_all(decoder, [_frame(b"one") + _frame(b"two")[:2], _frame(b"two")[2:]],
                    "FrameDecoder.feed")
    assert got == [b"one", b"two"], (
        f"feeding a frame plus half a header, then the rest, returned {got!r}, "
        "expected [b'one', b'two']")


def test_decoder_empty_frames():
    """FrameDecoder returns empty payloads as b"" frames, alone or among others.

    Hint: a header announcing 0 bytes is a complete frame: return b"" for it
    and go on; don't filter out or stop at empty payloads.

    中文: 检查 FrameDecoder 把空 payload 当作 b""
    帧返回，不管它是单独出现还是夹在别的帧中间。

    提示: 声明长度为 0 的帧头本身就是一个完整的帧：为它返回 b""
    然后继续；不要把空 payload 过滤掉，也不要在它那里停下。
    """
    for stream, want in [
        (_frame(b""), [b""]),
        (_frame(b"") * 3, [b"", b"", b""]),
        (_frame(b"a") + _frame(b"") + _frame(b"b"), [b"a", b"", b"b"]),
    ]:
        for chunks in ([stream], [stream[i:i + 1] for i in range(len(stream))]):
            decoder = framing.FrameDecoder()
            got = _feed_all(decoder, chunks, "FrameDecoder.feed")
            assert got == want, (
                f"feeding {stream!r} in {len(chunks)} chunk(s) returned {got!r}, "
                f"expected {want!r}: an empty payload is a legal frame")


def test_decoder_reads_network_order_header():
    """FrameDecoder reads the length as big-endian: b"\\x00\\x00\\x01\\x02" is 258.

    Hint: unpack with "!I" (network order). Native "I" reads these bytes as
    0x02010000 = 33 MiB on x86.

    中文: 检查 FrameDecoder 按大端序读取长度：b"\\x00\\x00\\x01\\x02" 是
    258。

    提示: 用 "!I"（网络字节序）解包。本机字节序 "I" 在 x86
    上会把这几个字节读成 0x02010000 = 33 MiB。
    """
    for payload in [bytes(range(256)) + b"!?", b"Z"]:
        decoder = framing.FrameDecoder()
        try:
            got = _feed_all(decoder, [_frame(payload)], "FrameDecoder.feed")
        except framing.FrameTooLarge as exc:
            pytest.fail(
                f"FrameDecoder().feed({_frame(payload)[:6]!r}...) raised FrameTooLarge"
                f"({exc}); the header {_header(len(payload))!r} means {len(payload)} "
                "bytes in network (big-endian) order")
        assert got == [payload], (
            f"FrameDecoder().feed(header {_header(len(payload))!r} + {len(payload)} bytes) "
            f"returned {_short(got)}; expected that one payload: the header is a "
            "big-endian length")


@pytest.mark.points(2)
@PROPERTY
@given(payloads=PAYLOADS, data=st.data())
def test_decoder_any_chunking(payloads, data):
    """FrameDecoder returns the same frames for every chunking, and buffered tracks the rest.

    Hint: after each feed, buffered = bytes fed so far minus the bytes of the
    frames returned (4 + len(payload) each).

    中文: 检查无论怎样分块，FrameDecoder 都返回同样的帧，buffered
    也始终等于剩下的字节数。

    提示: 每次 feed 之后，buffered = 目前为止喂入的字节数 -
    已返回的帧占用的字节数（每帧 4 + len(payload)）。
    """
    stream = b"".join(map(_frame, payloads))
    chunks = _chunks_of(data, stream)
    decoder = framing.FrameDecoder()
    got, fed = [], 0
    with deadline(QUICK, "FrameDecoder.feed"):
        for chunk in chunks:
            got.extend(decoder.feed(chunk))
            fed += len(chunk)
            consumed = sum(4 + len(p) for p in got)
            assert decoder.buffered == fed - consumed, (
                f"after feeding {fed} bytes and returning {len(got)} frames "
                f"({consumed} bytes), buffered is {decoder.buffered}; expected "
                f"{fed - consumed} (chunks: {_short(chunks)})")
    assert got == payloads, (
        f"feeding the frames of {_short(payloads)} in chunks {_short(chunks)} returned "
        f"{_short(got)}")


def test_decoder_buffered_counts_header_bytes():
    """FrameDecoder.buffered counts every byte fed and not yet returned, header bytes included.

    Hint: buffered is not the body bytes of the frame in progress: 3 bytes of
    a header fed means buffered == 3.

    中文: 检查 FrameDecoder.buffered
    统计所有已喂入、还没作为帧返回的字节，帧头字节也算在内。

    提示: buffered 不是当前这一帧已收到的帧体字节数：喂了帧头的 3
    个字节，buffered 就是 3。
    """
    decoder = framing.FrameDecoder()
    steps = [(b"", 0), (b"\x00\x00\x00", 3), (b"\x05he", 6), (b"llo" + b"\x00", 1),
             (b"\x00\x00\x00", 0), (b"\x00\x00", 2)]
    seen = b""
    for chunk, want in steps:
        _feed_all(decoder, [chunk], "FrameDecoder.feed")
        seen += chunk
        assert decoder.buffered == want, (
            f"after feeding {seen!r} in steps, buffered is {decoder.buffered}, "
            f"expected {want} (bytes fed and not yet returned in a frame)")


def test_decoder_size_guard_limit_is_inclusive():
    """FrameDecoder(max_frame=10) accepts a 10-byte frame; max_frame=0 accepts empty frames.

    Hint: the guard is length > max_frame; >= rejects a frame of exactly the
    maximum.

    中文: 检查 FrameDecoder(max_frame=10) 接受 10 字节的帧，max_frame=0
    接受空帧。

    提示: 判断条件是 length > max_frame；写成 >=
    会把长度正好等于上限的帧也拒绝掉。
    """
    for limit, payload in [(10, b"0123456789"), (0, b"")]:
        decoder = framing.FrameDecoder(max_frame=limit)
        try:
            got = _feed_all(decoder, [_frame(payload)], f"FrameDecoder({limit}).feed")
        except framing.FrameTooLarge as exc:
            pytest.fail(f"FrameDecoder(max_frame={limit}).feed(<frame of {len(payload)} bytes>) "
                        f"raised FrameTooLarge({exc}); a frame of exactly max_frame is allowed")
        assert got == [payload], f"FrameDecoder(max_frame={limit}) returned {got!r}, expected {[payload]!r}"
    decoder = framing.FrameDecoder()
    got = _feed_all(decoder, [_header(MAX_FRAME)], "FrameDecoder().feed")
    assert got == [] and decoder.buffered == 4, (
        f"FrameDecoder().feed({_header(MAX_FRAME)!r}) (a header of exactly MAX_FRAME) "
        f"returned {got!r} with buffered {decoder.buffered}; expected [] and 4")


@pytest.mark.points(2)
def test_decoder_size_guard_on_header_alone():
    """FrameDecoder raises FrameTooLarge as soon as an oversized header is complete.

    Hint: check the length right after unpacking the header, before waiting
    for the body: a peer announcing 4 GiB must not make you buffer it.

    中文: 检查帧头一收齐，FrameDecoder 就对超出上限的长度抛出
    FrameTooLarge。

    提示: 解出帧头后马上检查长度，不要等帧体到齐：对方声明 4 GiB
    时，你不能真的去缓冲 4 GiB。
    """
    for limit, size in [(10, 11), (None, MAX_FRAME + 1), (None, 2**32 - 1)]:
        decoder = framing.FrameDecoder() if limit is None else framing.FrameDecoder(max_frame=limit)
        call = "FrameDecoder()" if limit is None else f"FrameDecoder(max_frame={limit})"
        with deadline(QUICK, f"{call}.feed"):
            with pytest.raises(framing.FrameTooLarge) as info:
                decoder.feed(_header(size))
        assert str(size) in str(info.value), (
            f"{call}.feed({_header(size)!r}) raised FrameTooLarge({str(info.value)!r}); "
            f"the message should give the announced size {size}")
    decoder = framing.FrameDecoder(max_frame=10)
    header = _header(11)
    with deadline(QUICK, "FrameDecoder(max_frame=10).feed(<1 byte>)"):
        for i in range(3):
            got = decoder.feed(header[i:i + 1])
            assert got == [], f"feeding header byte {i} returned {got!r}, expected []"
        with pytest.raises(framing.FrameTooLarge):
            decoder.feed(header[3:])


def _feed_big_frame_in_1k_chunks() -> tuple[list[int], bool]:
    """In a sandbox child: one MAX_FRAME frame fed in 1 KiB chunks; the frame
    lengths it returned and whether the frame came back intact. (16384
    calls: made where the implementation runs, so a sealed run times the
    decoder, not the crossing of each call.)"""
    blob = memoryview(_frame(bytes(range(256)) * (MAX_FRAME // 256)))
    decoder = framing.FrameDecoder()
    got = []
    for i in range(0, len(blob), 1024):
        got.extend(decoder.feed(blob[i:i + 1024]))
    return [len(f) for f in got], len(got) == 1 and got[0] == bytes(blob[4:])


@pytest.mark.points(2)
def test_decoder_linear_time():
    """FrameDecoder.feed is linear: 4 MiB of 16-byte frames in one call, and a 16 MiB frame in 1 KiB chunks.

    Hint: `buf = buf[n:]` after every frame copies the whole rest each time
    (quadratic); so does `self.buf = self.buf + data` on a growing bytes
    object. Use a bytearray, walk it with an offset, and cut once per feed.

    中文: 检查 FrameDecoder.feed 是线性时间的：一次喂入 4 MiB 的 16
    字节小帧，以及按 1 KiB 分块喂入一个 16 MiB 的帧。

    提示: 每取出一帧就 buf =
    buf[n:]，每次都要把剩下的数据整个复制一遍（平方级）；对不断增长的 bytes
    做 self.buf = self.buf + data 也一样。用 bytearray，靠偏移量往前走，每次
    feed 只切一次。
    """
    payload = bytes(range(16))
    count = 4 * MIB // 20
    decoder = framing.FrameDecoder()
    with deadline(3.0, f"FrameDecoder().feed(<{count} frames of 16 bytes, 4 MiB>)",
                  "the work per frame must not grow with the buffer (quadratic re-slicing?)"):
        got = decoder.feed(_frame(payload) * count)
    assert len(got) == count and got.count(payload) == count, (
        f"FrameDecoder().feed(<{count} frames of 16 bytes>) returned {len(got)} frames, "
        f"expected {count} equal to {payload!r}")
    lengths, intact = run_sandboxed(
        _feed_big_frame_in_1k_chunks, timeout=3.0,
        what="FrameDecoder().feed(<1 KiB>) x 16384 for one 16 MiB frame (does each "
             "feed copy the whole partial frame: bytes concatenation?)")
    assert lengths == [MAX_FRAME] and intact, (
        f"feeding one {MAX_FRAME}-byte frame in 1 KiB chunks returned "
        f"{lengths} frame lengths, expected [{MAX_FRAME}]"
        + ("" if lengths != [MAX_FRAME] else ", with the bytes it was fed"))


def test_decoder_rejects_bad_arguments():
    """FrameDecoder rejects a non-bytes chunk (TypeError) and a bad max_frame (ValueError/TypeError).

    Hint: wrong type → TypeError, wrong value → ValueError; a bool is not an
    int here, and the message names the bad value.

    中文: 检查 FrameDecoder 拒绝非字节类的数据块（TypeError）和错误的
    max_frame（ValueError/TypeError）。

    提示: 类型错误 → TypeError，值错误 → ValueError；这里 bool 不算
    int，异常消息要写出错误的值。
    """
    decoder = framing.FrameDecoder()
    with deadline(QUICK, "FrameDecoder().feed('abcd')"):
        with pytest.raises(TypeError):
            decoder.feed("abcd")
    for bad, exc in [(-1, ValueError), (True, TypeError), ("10", TypeError)]:
        with deadline(QUICK, f"FrameDecoder(max_frame={bad!r})"):
            with pytest.raises(exc) as info:
                framing.FrameDecoder(max_frame=bad)
        assert repr(bad) in str(info.value), (
            f"FrameDecoder(max_frame={bad!r}) raised {exc.__name__}({str(info.value)!r}); "
            f"the message should name the bad value {bad!r}")


# ----------------------------------------------------------------- recv_frame


def _recv_frames(sock, count, what="recv_frame(sock)", **kwargs):
    got = []
    with deadline(QUICK, what, "does the read loop stop when recv returns b''?"):
        for _ in range(count):
            got.append(framing.recv_frame(sock, **kwargs))
    return got


def test_recv_frame_joins_split_header_and_body():
    """recv_frame keeps calling recv until the header and then the body are complete.

    Hint: one recv is not one frame: recv(4) may return 1 byte, recv(n) part
    of the body. Loop on each until you have all the bytes.

    中文: 检查 recv_frame 会反复调用 recv，直到帧头和帧体都收齐。

    提示: 一次 recv 不等于一个帧：recv(4) 可能只返回 1 个字节，recv(n)
    可能只返回帧体的一部分。分别循环，直到所有字节都到齐。
    """
    chunks = [b"\x00", b"\x00\x00", b"\x05he", b"ll", b"o"]
    sock = ScriptedSocket(chunks)
    got = _recv_frames(sock, 1)
    assert got == [b"hello"], (
        f"recv_frame(sock) on a socket delivering {chunks!r} returned {got[0]!r}; "
        "expected b'hello': the header and body arrive in pieces")
    assert type(got[0]) is bytes, f"recv_frame returned {type(got[0]).__name__}, expected bytes"


def test_recv_frame_leaves_next_frames_in_socket():
    """recv_frame reads exactly one frame from a chunk holding three, and stops at its end.

    Hint: ask recv only for the bytes the frame still needs (4 - len(header),
    then length - len(body)); recv(4096) eats the frames behind yours.

    中文: 检查一块数据里有三个帧时，recv_frame
    每次只读一个帧，并停在帧的末尾。

    提示: 只向 recv 要这个帧还缺的字节（先 4 - len(帧头)，再 length -
    len(帧体)）；recv(4096) 会把后面的帧也吃掉。
    """
    chunk = _frame(b"one") + _frame(b"") + _frame(b"three")
    sock = ScriptedSocket([chunk, b"rest"])
    got = _recv_frames(sock, 3)
    assert got == [b"one", b"", b"three"], (
        f"three recv_frame(sock) calls on a socket delivering {chunk!r} returned "
        f"{got!r}; expected [b'one', b'', b'three']")
    rest = _drain(sock)
    assert rest == b"rest", (
        f"after three recv_frame calls the socket should still hold b'rest'; "
        f"reading on found {rest!r}: recv_frame read past its frame")


@pytest.mark.points(2)
@PROPERTY
@given(payloads=PAYLOADS, data=st.data())
def test_recv_frame_any_chunking(payloads, data):
    """recv_frame returns the frames in order for every chunking of the stream.

    Hint: a chunk may end anywhere: inside a header, inside a body, or after
    the start of the next frame.

    中文: 检查无论数据流怎样分块，recv_frame 都按顺序返回各个帧。

    提示:
    一块数据可能在任何地方结束：帧头中间、帧体中间，或者下一帧开头之后。
    """
    stream = b"".join(map(_frame, payloads)) + b"END"
    chunks = _chunks_of(data, stream)
    sock = ScriptedSocket(chunks)
    got = _recv_frames(sock, len(payloads))
    assert got == payloads, (
        f"{len(payloads)} recv_frame calls on chunks {_short(chunks)} returned "
        f"{_short(got)}, expected {_short(payloads)}")
    rest = _drain(sock)
    assert rest == b"END", (
        f"after reading every frame from chunks {_short(chunks)} the socket should "
        f"still hold b'END'; it holds {rest!r}: recv_frame read past its frame")


def test_recv_frame_clean_eof_returns_none():
    """recv_frame returns None when the peer closes before the first header byte.

    Hint: b"" from recv before any byte of a header is the normal end of the
    stream: return None, don't raise.

    中文: 检查对方在第一个帧头字节之前关闭时，recv_frame 返回 None。

    提示: 在帧头的任何字节到达之前 recv 就返回 b''，说明数据流正常结束：返回
    None，不要抛异常。
    """
    got = _recv_frames(ScriptedSocket([]), 1)
    assert got == [None], f"recv_frame on a socket at EOF returned {got[0]!r}, expected None"
    chunks = [_frame(b"last")[:3], _frame(b"last")[3:]]
    got = _recv_frames(ScriptedSocket(chunks), 2)
    assert got == [b"last", None], (
        f"two recv_frame calls on {chunks!r} then EOF returned {got!r}, "
        "expected [b'last', None]")


def test_recv_frame_eof_inside_header_raises():
    """recv_frame raises EOFError when the peer closes after part of a header.

    Hint: only an EOF before the first header byte is clean; 1 to 3 header
    bytes then b"" means the frame was cut off.

    中文: 检查对方只发了半个帧头就关闭时，recv_frame 抛出 EOFError。

    提示: 只有在第一个帧头字节之前遇到 EOF 才是正常结束；收到 1 到 3
    个帧头字节之后再遇到 b''，说明这个帧被截断了。
    """
    for chunks, before in [([b"\x00"], []), ([b"\x00\x00", b"\x00"], []),
                           ([_frame(b"ok") + b"\x00\x00"], [b"ok"])]:
        sock = ScriptedSocket(chunks)
        got = _recv_frames(sock, len(before))
        assert got == before, f"recv_frame on {chunks!r} returned {got!r}, expected {before!r}"
        with deadline(QUICK, f"recv_frame(sock) on {chunks!r}", "does the loop stop on b''?"):
            try:
                got = framing.recv_frame(sock)
            except EOFError:
                continue
        pytest.fail(f"recv_frame(sock) on {chunks!r} then EOF returned {got!r} for the "
                    "cut-off header; expected EOFError (None means a clean end only "
                    "when no header byte arrived)")


def test_recv_frame_eof_inside_body_raises():
    """recv_frame raises EOFError when the peer closes inside a body.

    Hint: fewer body bytes than the header announced, then b"", is an error;
    don't return the partial payload or None.

    中文: 检查对方在帧体中间关闭时，recv_frame 抛出 EOFError。

    提示: 帧体字节比帧头声明的少，接着遇到 b''，这是错误；不要返回不完整的
    payload，也不要返回 None。
    """
    for chunks in ([_header(5) + b"he"], [_header(5)], [_header(5), b"h", b"ell"]):
        sock = ScriptedSocket(chunks)
        with deadline(QUICK, f"recv_frame(sock) on {chunks!r}", "does the loop stop on b''?"):
            try:
                got = framing.recv_frame(sock)
            except EOFError:
                continue
        pytest.fail(f"recv_frame(sock) on {chunks!r} then EOF returned {got!r}; "
                    "expected EOFError (5 bytes announced, fewer arrived)")


def test_recv_frame_empty_payload():
    """recv_frame returns b"" for an empty frame, and None only at the end of the stream.

    Hint: a zero-length body is not EOF. Don't call recv(0) and read its b""
    as "peer closed"; with 0 bytes to read, don't read at all.

    中文: 检查遇到空帧时 recv_frame 返回 b""，只有数据流结束时才返回 None。

    提示: 长度为 0 的帧体不是 EOF。不要调用 recv(0) 再把它返回的 b""
    当作“对方关闭了”；要读 0 个字节时，根本不用读。
    """
    chunks = [_header(0), _header(0) + _frame(b"abc")]
    got = _recv_frames(ScriptedSocket(chunks), 4)
    assert got == [b"", b"", b"abc", None], (
        f"four recv_frame calls on {chunks!r} returned {got!r}; expected "
        "[b'', b'', b'abc', None]: an empty frame is b'', not the end of the stream")


@pytest.mark.points(2)
def test_recv_frame_size_guard_reads_no_body():
    """recv_frame raises FrameTooLarge right after an oversized header, reading none of the body.

    Hint: check the announced length against max_frame before reading the
    body, and read the header with recv(4 - len(so_far)), not recv(4096).

    中文: 检查帧头声明的长度超过上限时，recv_frame 立即抛出
    FrameTooLarge，不读帧体的任何字节。

    提示: 读帧体之前先把声明的长度和 max_frame 比较；读帧头要用 recv(4 -
    len(已收到))，不要用 recv(4096)。
    """
    body = b"B" * 11
    header = _header(11)
    for chunks in ([header[:3], header[3:] + body, b"tail"], [header + body + b"tail"]):
        sock = ScriptedSocket(chunks)
        with deadline(QUICK, f"recv_frame(sock, max_frame=10) on {_short(chunks)}"):
            with pytest.raises(framing.FrameTooLarge) as info:
                framing.recv_frame(sock, max_frame=10)
        assert "11" in str(info.value), (
            f"FrameTooLarge({str(info.value)!r}) should give the announced size 11")
        rest = _drain(sock)
        assert rest == body + b"tail", (
            f"recv_frame(sock, max_frame=10) on {chunks!r} raised FrameTooLarge but "
            f"left {rest!r} in the socket; expected the untouched body {body + b'tail'!r}: "
            f"it read body bytes (recv sizes: {sock.recv_sizes!r})")
    sock = ScriptedSocket([_header(MAX_FRAME + 1) + b"xyz"])
    with deadline(QUICK, "recv_frame(sock) on a header announcing MAX_FRAME + 1"):
        with pytest.raises(framing.FrameTooLarge):
            framing.recv_frame(sock)
    sock = ScriptedSocket([_frame(b"0123456789") + b"tail"])
    got = _recv_frames(sock, 1, "recv_frame(sock, max_frame=10)", max_frame=10)
    assert got == [b"0123456789"], (
        f"recv_frame(sock, max_frame=10) on a 10-byte frame returned {got[0]!r}; "
        "a frame of exactly max_frame is allowed")


def test_recv_frame_reads_network_order_header():
    """recv_frame reads the length as big-endian: b"\\x00\\x00\\x01\\x02" is 258.

    Hint: unpack with "!I" (network order), not native "I".

    中文: 检查 recv_frame 按大端序读取长度：b"\\x00\\x00\\x01\\x02" 是 258。

    提示: 用 "!I"（网络字节序）解包，不要用本机字节序 "I"。
    """
    payload = bytes(range(256)) + b"!?"
    sock = ScriptedSocket([_frame(payload)])
    try:
        got = _recv_frames(sock, 1)
    except (framing.FrameTooLarge, EOFError) as exc:
        pytest.fail(f"recv_frame on header {_header(258)!r} + 258 bytes raised "
                    f"{type(exc).__name__}({exc}); the header is a big-endian 258")
    assert got == [payload], f"recv_frame on a 258-byte frame returned {_short(got[0])}"


# ----------------------------------------------------------------- send_frame


def test_send_frame_writes_header_and_payload():
    """send_frame writes the 4-byte big-endian length then the payload, all of it.

    Hint: build header + payload and send it with sendall (send may write
    only part); a str payload is a TypeError.

    中文: 检查 send_frame 先写 4 字节大端序的长度，再写
    payload，而且全部写完。

    提示: 先拼好帧头 + payload，再用 sendall 发送（send
    可能只写出一部分）；payload 是 str 时抛出 TypeError。
    """
    payloads = [b"hello", b"", bytes(range(256)) * 40]
    a, b = tcp_pair()
    with a, b:
        with deadline(NET, "send_frame(sock, payload)", "a small frame fits the socket buffer"):
            for p in payloads:
                framing.send_frame(a, p)
        a.shutdown(socket.SHUT_WR)
        with deadline(NET, "reading what send_frame sent"):
            got = _drain(b)
    want = b"".join(map(_frame, payloads))
    assert got == want, (
        f"send_frame for payloads of sizes {[len(p) for p in payloads]} put "
        f"{len(got)} bytes on the wire starting {got[:12]!r}; expected {len(want)} "
        f"bytes starting {want[:12]!r} (big-endian length, then the payload)")
    a, b = tcp_pair()
    with a, b:
        with deadline(NET, "send_frame(sock, 'text')"):
            with pytest.raises(TypeError):
                framing.send_frame(a, "text")


def test_frame_io_keeps_socket_timeout():
    """send_frame and recv_frame leave the caller's socket timeout as it was.

    Hint: they borrow the caller's socket: don't call settimeout or
    setblocking on it (not even to stop a big frame from timing out: the
    timeout is the caller's choice).

    中文: 检查 send_frame 和 recv_frame 不改变调用者套接字的超时设置。

    提示: 这两个函数只是借用调用者的套接字：不要对它调用 settimeout 或
    setblocking（即使是为了让大帧不超时也不行：超时多少由调用者决定）。
    """
    a, b = tcp_pair(timeout=2.5)
    with a, b:
        for sock, call, step in [
                (a, "send_frame(sock, b'hello')", lambda: framing.send_frame(a, b"hello")),
                (b, "recv_frame(sock)", lambda: framing.recv_frame(b))]:
            with deadline(NET, call):
                step()
            assert sock.gettimeout() == 2.5, (
                f"{call} on a socket with timeout 2.5 left it with timeout "
                f"{sock.gettimeout()!r}: a function must not change the settings "
                "of a socket it is given")


def test_send_frame_rejects_oversized_payload():
    """send_frame raises FrameTooLarge for MAX_FRAME + 1 bytes and sends nothing.

    Hint: check the size before writing anything (encode_frame does): a
    header packed by hand with struct skips the limit, and the peer's
    decoder then gives up in the middle of the stream.

    中文: 检查 payload 有 MAX_FRAME + 1 字节时，send_frame 抛出
    FrameTooLarge，而且什么也不发送。

    提示: 在写任何东西之前先检查大小（encode_frame 会检查）：自己用 struct
    打包帧头就绕过了这个上限，对方的解码器会在数据流中间放弃。
    """
    a, b = tcp_pair()
    with a, b:
        with deadline(NET, "send_frame(sock, <MAX_FRAME + 1 bytes>)",
                      "check the size before sending"):
            with pytest.raises(framing.FrameTooLarge) as info:
                framing.send_frame(a, bytes(MAX_FRAME + 1))
        assert str(MAX_FRAME + 1) in str(info.value), (
            f"send_frame raised FrameTooLarge({str(info.value)!r}); the message "
            f"should give the size {MAX_FRAME + 1}")
        b.setblocking(False)
        try:
            sent = b.recv(16)
        except BlockingIOError:
            sent = b""
    assert sent == b"", (
        f"send_frame(sock, <MAX_FRAME + 1 bytes>) raised FrameTooLarge but had "
        f"already sent {sent!r}...: nothing may be sent for a frame that is too large")


def test_recv_frame_rejects_bad_max_frame():
    """recv_frame raises ValueError for a negative max_frame and TypeError for a non-int, before reading.

    Hint: check the arguments first: wrong value → ValueError, wrong type
    → TypeError (a bool is not an int here); a bad call must not consume
    bytes of the stream.

    中文: 检查 max_frame 为负数时 recv_frame 抛出 ValueError，不是 int
    时抛出 TypeError，而且都在读数据之前。

    提示: 先检查参数：值错误 → ValueError，类型错误 → TypeError（这里 bool
    不算 int）；一次错误的调用不能吃掉数据流里的字节。
    """
    for bad, exc in [(-1, ValueError), (True, TypeError), ("10", TypeError)]:
        sock = ScriptedSocket([_frame(b"x")])
        call = f"recv_frame(sock, max_frame={bad!r})"
        with deadline(QUICK, call):
            try:
                got = framing.recv_frame(sock, max_frame=bad)
            except framing.FrameTooLarge as error:
                pytest.fail(f"{call} read a header and raised FrameTooLarge({error}); "
                            f"expected {exc.__name__} for the bad max_frame before reading")
            except exc as error:
                assert repr(bad) in str(error), (
                    f"{call} raised {exc.__name__}({str(error)!r}); the message "
                    f"should name the bad value {bad!r}")
            else:
                pytest.fail(f"{call} returned {got!r}; expected {exc.__name__}")
        assert sock.recv_sizes == [], (
            f"{call} called recv with sizes {sock.recv_sizes!r} before rejecting "
            "max_frame; check the arguments before reading")


# ------------------------------------------------------- 粘包 over a real TCP connection

SEEDS = (1, 2, 3)


def _random_payloads(seed):
    rng = random.Random(seed)
    sizes = [rng.choice([0, 1, 3, 50, 700, 5000]) for _ in range(rng.randint(20, 40))]
    return [rng.randbytes(n) for n in sizes]


@pytest.mark.points(2)
def test_tcp_sticky_frames_with_recv_frame():
    """recv_frame separates frames that a peer wrote in one sendall (粘包) over real TCP.

    Hint: the receiver sees one byte stream; recv_frame must find each
    frame's end from its header and leave the next frame in the socket.

    中文: 检查在真实的 TCP 连接上，对方用一次 sendall
    写出的多个帧（粘包），recv_frame 能一个个分开。

    提示: 接收方看到的只是一个字节流；recv_frame
    必须根据帧头找到每个帧的结尾，并把下一个帧留在套接字里。
    """
    for seed in SEEDS:
        payloads = _random_payloads(seed)
        a, b = tcp_pair()
        with a, b, sending_in_background(a, b"".join(map(_frame, payloads))):
            got = []
            with deadline(NET, "recv_frame(sock) on a real TCP socket",
                          "does recv_frame return None at EOF?"):
                while (frame := framing.recv_frame(b)) is not None:
                    got.append(frame)
                    if len(got) > len(payloads):
                        break
        assert got == payloads, (
            f"seed {seed}: the peer sent {len(payloads)} frames (sizes "
            f"{[len(p) for p in payloads]}) in one sendall; recv_frame returned "
            f"{len(got)} frames (sizes {[len(p) for p in got]}) before None")


@pytest.mark.points(2)
def test_tcp_sticky_frames_with_decoder_and_small_recvs():
    """FrameDecoder rebuilds frames sent in one sendall from small random-size recvs.

    Hint: each recv returns an arbitrary slice of the stream; feed it all to
    the decoder and let it keep what does not yet form a frame.

    中文: 检查用大小随机的小 recv 读取一次 sendall
    发出的多个帧时，FrameDecoder 能把这些帧重建出来。

    提示: 每次 recv
    返回的是数据流中任意的一段；全部喂给解码器，让它保留还凑不成帧的部分。
    """
    for seed in SEEDS:
        payloads = _random_payloads(seed)
        rng = random.Random(seed)
        decoder = framing.FrameDecoder()
        got = []
        a, b = tcp_pair()
        with a, b, sending_in_background(a, b"".join(map(_frame, payloads))):
            with deadline(NET, "FrameDecoder.feed with data from recv(1..64)"):
                while chunk := b.recv(rng.randint(1, 64)):
                    got.extend(decoder.feed(chunk))
        assert got == payloads, (
            f"seed {seed}: feeding recv(1..64) chunks of {len(payloads)} frames "
            f"(sizes {[len(p) for p in payloads]}) returned {len(got)} frames "
            f"(sizes {[len(p) for p in got]})")
        assert decoder.buffered == 0, (
            f"seed {seed}: after the whole stream buffered is {decoder.buffered}, expected 0")


# ---------------------------------------------------------------- LineDecoder

LINES = [b"GET / HTTP/1.1", b"Host: x", b"", b"a\rb\nc", b"\r", b"tail\r"]


def test_line_decoder_whole_bytewise_trailing():
    """LineDecoder splits lines fed whole, one byte at a time, and with a trailing partial line.

    Hint: return lines without the delimiter, keep the bytes after the last
    delimiter for the next feed; a lone b"\\r" or b"\\n" is not b"\\r\\n".

    中文: 检查无论整块喂入、逐字节喂入，还是末尾带着不完整的行，LineDecoder
    都能正确分行。

    提示: 返回的行不含分隔符，最后一个分隔符之后的字节留到下次 feed；单独的
    b"\\r" 或 b"\\n" 不是 b"\\r\\n"。
    """
    for delim in (b"\r\n", b"\n"):
        lines = [l for l in LINES if delim not in l]
        stream = b"".join(l + delim for l in lines)
        for name, chunks in [("whole", [stream]),
                             ("byte by byte", [stream[i:i + 1] for i in range(len(stream))])]:
            got = _feed_all(framing.LineDecoder(delim), chunks, f"LineDecoder({delim!r}).feed")
            assert got == lines, (
                f"LineDecoder({delim!r}) fed {stream!r} {name} returned {got!r}, "
                f"expected {lines!r}")
        decoder = framing.LineDecoder(delim)
        got = _feed_all(decoder, [stream + b"partial"], f"LineDecoder({delim!r}).feed")
        assert got == lines, (
            f"LineDecoder({delim!r}).feed({stream + b'partial'!r}) returned {got!r}, expected {lines!r}")
        got = _feed_all(decoder, [b"!" + delim], f"LineDecoder({delim!r}).feed")
        assert got == [b"partial!"], (
            f"after a trailing b'partial', feeding {b'!' + delim!r} returned {got!r}; "
            "expected [b'partial!']: the bytes after the last delimiter must be kept")


def test_line_decoder_finds_split_delimiter():
    """LineDecoder finds a multi-byte delimiter split across two or three chunks.

    Hint: when you resume the search in new data, start len(delimiter) - 1
    bytes before the old end of the buffer: the delimiter may have begun there.

    中文: 检查多字节分隔符被拆到两块或三块数据里时，LineDecoder 也能找到它。

    提示: 在新数据里继续查找时，要从旧缓冲区末尾往前 len(delimiter) - 1
    个字节处开始：分隔符可能从那里就开始了。
    """
    for delim in (b"\r\n", b"<EOL>"):
        for k in range(1, len(delim)):
            chunks = [b"abc" + delim[:k], delim[k:] + b"def" + delim]
            got = _feed_all(framing.LineDecoder(delim), chunks, f"LineDecoder({delim!r}).feed")
            assert got == [b"abc", b"def"], (
                f"LineDecoder({delim!r}) fed {chunks!r} returned {got!r}, expected "
                "[b'abc', b'def']: the first delimiter was split across the chunks")
        chunks = [b"abc", delim[:1], delim[1:2], delim[2:] + b"z"]
        decoder = framing.LineDecoder(delim)
        got = _feed_all(decoder, chunks, f"LineDecoder({delim!r}).feed")
        assert got == [b"abc"], f"LineDecoder({delim!r}) fed {chunks!r} returned {got!r}, expected [b'abc']"


@st.composite
def _lines_and_delimiter(draw):
    delim = draw(st.sampled_from([b"\n", b"\r\n", b"<EOL>"]))
    alphabet = sorted(set(delim) | set(b"x\x00\xff\r\n"))
    lines = []
    for raw in draw(st.lists(st.lists(st.sampled_from(alphabet), max_size=30), max_size=10)):
        line = bytes(raw)
        while delim in line:
            line = line.replace(delim, b"")
        lines.append(line)
    return delim, lines


@pytest.mark.points(2)
@PROPERTY
@given(case=_lines_and_delimiter(), data=st.data())
def test_line_decoder_any_chunking(case, data):
    """LineDecoder returns the same lines for every chunking of the stream.

    Hint: lines, delimiters and parts of delimiters may end up anywhere in a
    chunk; only the stream matters.

    中文: 检查无论数据流怎样分块，LineDecoder 都返回同样的行。

    提示:
    行、分隔符以及分隔符的一部分，可能出现在数据块的任何位置；只有数据流本身才重要。
    """
    delim, lines = case
    stream = b"".join(l + delim for l in lines) + b"x"
    chunks = _chunks_of(data, stream)
    got = _feed_all(framing.LineDecoder(delim), chunks, f"LineDecoder({delim!r}).feed")
    assert got == lines, (
        f"LineDecoder({delim!r}) fed chunks {_short(chunks)} returned {_short(got)}, "
        f"expected {_short(lines)}")


def test_line_decoder_accepts_exactly_max_line():
    """LineDecoder accepts a line of exactly max_line bytes, also when its delimiter arrives split.

    Hint: max_line counts the line without its delimiter. Ten bytes plus the
    b"\\r" of b"\\r\\n" (11 buffered) may still be a valid 10-byte line.

    中文: 检查 LineDecoder 接受正好 max_line
    字节的行，分隔符被拆开到达时也一样。

    提示: max_line 计算的是不含分隔符的行长度。10 个字节再加上 b"\\r\\n" 的
    b"\\r"（缓冲了 11 个字节），仍然可能是一行合法的 10 字节行。
    """
    line = b"x" * 10
    for delim, chunks in [
        (b"\r\n", [line + b"\r\n"]),
        (b"\r\n", [line + b"\r", b"\n"]),
        (b"\r\n", [line, b"\r", b"\n"]),
        (b"\r\n", [bytes([c]) for c in line + b"\r\n"]),
        (b"<EOL>", [line + b"<EO", b"L>"]),
        (b"\n", [line, b"\n"]),
    ]:
        try:
            got = _feed_all(framing.LineDecoder(delim, max_line=10), chunks,
                            "LineDecoder(max_line=10).feed")
        except framing.LineTooLong as exc:
            pytest.fail(f"LineDecoder({delim!r}, max_line=10) fed {chunks!r} raised "
                        f"LineTooLong({exc}); a 10-byte line is allowed, also while "
                        "only part of its delimiter has arrived")
        assert got == [line], (
            f"LineDecoder({delim!r}, max_line=10) fed {chunks!r} returned {got!r}, expected {[line]!r}")
    big = b"y" * 65536
    got = _feed_all(framing.LineDecoder(), [big, b"\n"], "LineDecoder().feed")
    assert got == [big], "LineDecoder() rejected or mangled a line of exactly 65536 bytes (the default max_line)"


def test_line_decoder_rejects_long_complete_line():
    """LineDecoder raises LineTooLong for a complete line of max_line + 1 bytes.

    Hint: measure each line found (without the delimiter) against max_line;
    > max_line is too long.

    中文: 检查遇到 max_line + 1 字节的完整行时，LineDecoder 抛出
    LineTooLong。

    提示: 每找到一行（不含分隔符）都要和 max_line 比较；大于 max_line
    就是太长。
    """
    for delim, data in [(b"\r\n", b"x" * 11 + b"\r\n"), (b"\n", b"ok\n" + b"x" * 11 + b"\n")]:
        with deadline(QUICK, f"LineDecoder({delim!r}, max_line=10).feed({data!r})"):
            with pytest.raises(framing.LineTooLong):
                framing.LineDecoder(delim, max_line=10).feed(data)
    with deadline(QUICK, "LineDecoder().feed(<65537 bytes + b'\\n'>)"):
        with pytest.raises(framing.LineTooLong):
            framing.LineDecoder().feed(b"y" * 65537 + b"\n")


def test_line_decoder_bounds_partial_line():
    """LineDecoder raises LineTooLong once max_line + len(delimiter) bytes are buffered without a delimiter.

    Hint: a peer that never sends the delimiter must not grow the buffer
    forever: after the search, if the rest is already too long to be a
    valid line plus a partial delimiter, raise.

    中文: 检查没有分隔符、却已经缓冲了 max_line + len(delimiter)
    字节时，LineDecoder 抛出 LineTooLong。

    提示:
    一个永远不发分隔符的对端，不能让缓冲区无限增长：查找完分隔符之后，如果剩下的部分已经长到不可能是“合法的一行加半个分隔符”，就抛出异常。
    """
    for delim in (b"\r\n", b"\n", b"<EOL>"):
        limit = 10 + len(delim)
        with deadline(QUICK, f"LineDecoder({delim!r}, max_line=10).feed"):
            with pytest.raises(framing.LineTooLong):
                framing.LineDecoder(delim, max_line=10).feed(b"x" * limit)
            decoder = framing.LineDecoder(delim, max_line=10)
            raised_at = None
            for i in range(limit):
                try:
                    decoder.feed(b"x")
                except framing.LineTooLong:
                    raised_at = i + 1
                    break
        assert raised_at is not None, (
            f"LineDecoder({delim!r}, max_line=10) fed {limit} bytes b'x' one at a time "
            f"without a delimiter did not raise LineTooLong; by max_line + "
            f"len(delimiter) = {limit} bytes the line is surely too long")
    with deadline(QUICK, "LineDecoder().feed(<1 MiB without b'\\n'>)"):
        with pytest.raises(framing.LineTooLong):
            decoder = framing.LineDecoder()
            for _ in range(16):
                decoder.feed(b"z" * 65536)


def test_line_decoder_rejects_bad_arguments():
    """LineDecoder rejects an empty delimiter (ValueError), non-bytes (TypeError) and a bad max_line.

    Hint: with b"" as delimiter, find() matches everywhere and feed never
    ends; check arguments in __init__, and name the bad value.

    中文: 检查 LineDecoder
    拒绝空分隔符（ValueError）、非字节类参数（TypeError）和错误的 max_line。

    提示: 分隔符是 b"" 时，find() 处处都能匹配，feed 永远结束不了；在
    __init__ 里检查参数，并在消息里写出错误的值。
    """
    for kwargs, exc in [({"delimiter": b""}, ValueError), ({"delimiter": "\n"}, TypeError),
                        ({"max_line": -1}, ValueError), ({"max_line": True}, TypeError)]:
        with deadline(QUICK, f"LineDecoder(**{kwargs!r})"):
            with pytest.raises(exc):
                framing.LineDecoder(**kwargs)
    with deadline(QUICK, "LineDecoder().feed('text\\n')"):
        with pytest.raises(TypeError):
            framing.LineDecoder().feed("text\n")


# ----------------------------------------------------------------- netstrings


def test_encode_netstring_spec_examples():
    """encode_netstring follows D. J. Bernstein's spec: b"12:hello world!,", b"0:,".

    Hint: the length is the payload's byte count in ASCII decimal, without
    leading zeros, then b":", the payload, b",".

    中文: 检查 encode_netstring 符合 D. J. Bernstein 的规范：b"12:hello
    world!,"、b"0:,"。

    提示: 长度是 payload 的字节数，用 ASCII
    十进制表示，不带前导零，后面依次是 b":"、payload、b","。
    """
    for payload, want in [(b"hello world!", b"12:hello world!,"), (b"", b"0:,"),
                          (b"a" * 10, b"10:" + b"a" * 10 + b","), (b",:\x00", b"3:,:\x00,")]:
        with deadline(QUICK, f"encode_netstring({payload!r})"):
            got = framing.encode_netstring(payload)
        assert got == want and type(got) is bytes, (
            f"encode_netstring({payload!r}) returned {got!r}, expected {want!r}")
    with deadline(QUICK, "encode_netstring(bytearray(b'hi'))"):
        got = framing.encode_netstring(bytearray(b"hi"))
    assert got == b"2:hi,", f"encode_netstring(bytearray(b'hi')) returned {got!r}, expected b'2:hi,'"
    with deadline(QUICK, "encode_netstring('hello')"):
        with pytest.raises(TypeError):
            framing.encode_netstring("hello")


VALID = [
    (b"", [], b""),
    (b"5:hello,", [b"hello"], b""),
    (b"0:,", [b""], b""),
    (b"12:hello world!,0:,3:abc,", [b"hello world!", b"", b"abc"], b""),
    (b"0", [], b"0"),
    (b"0:", [], b"0:"),
    (b"12", [], b"12"),
    (b"5:", [], b"5:"),
    (b"5:hel", [], b"5:hel"),
    (b"5:hello", [], b"5:hello"),
    (b"3:abc,10:0123", [b"abc"], b"10:0123"),
    (b"3:a,b,", [b"a,b"], b""),
]


def test_decode_netstrings_spec_examples():
    """decode_netstrings returns the complete netstrings and the unfinished rest.

    Hint: a prefix that can still become a netstring (b"5:hel", b"12", b"0:")
    is the remainder, not an error; the comma ends a netstring only at the
    position the length says.

    中文: 检查 decode_netstrings 返回完整的
    netstring，以及还没收完的剩余部分。

    提示: 还可能变成合法 netstring
    的前缀（b"5:hel"、b"12"、b"0:"）是剩余部分，不是错误；只有长度所指位置上的逗号才结束一个
    netstring。
    """
    for data, payloads, rest in VALID:
        with deadline(QUICK, f"decode_netstrings({data!r})"):
            try:
                got = framing.decode_netstrings(data)
            except ValueError as exc:
                pytest.fail(f"decode_netstrings({data!r}) raised ValueError({exc}); "
                            f"expected ({payloads!r}, {rest!r}): those bytes can still "
                            "become valid netstrings")
        assert tuple(got) == (payloads, rest), (
            f"decode_netstrings({data!r}) returned {got!r}, expected ({payloads!r}, {rest!r})")
    with deadline(QUICK, "decode_netstrings('5:hello,')"):
        with pytest.raises(TypeError):
            framing.decode_netstrings("5:hello,")


INVALID = [
    b"01", b"00", b"01:a,", b"00:,", b":", b":,", b"x", b"5x", b"-1:", b"+5:hello,",
    b" 5:hello,", b"5:hello!", b"0:x", b"5;hello,", b"3:abc,01", b"3:abc,x",
    b"3:abc,3:abcd",
]


def test_decode_netstrings_rejects_invalid_at_once():
    """decode_netstrings raises ValueError as soon as the bytes can no longer become valid.

    Hint: validate while you scan: b"01" is already invalid (leading zero),
    so is b"x" (not a digit) and b"5:hello!" (no comma): don't wait for the
    colon or for more data before rejecting.

    中文: 检查一旦数据不可能再变成合法的 netstring，decode_netstrings
    就立即抛出 ValueError。

    提示: 边扫描边检查：b"01" 已经不合法（前导零），b"x"（不是数字）和
    b"5:hello!"（没有逗号）也一样：不要等到冒号或更多数据到来才拒绝。
    """
    for data in INVALID:
        with deadline(QUICK, f"decode_netstrings({data!r})"):
            try:
                got = framing.decode_netstrings(data)
            except ValueError:
                continue
        pytest.fail(f"decode_netstrings({data!r}) returned {got!r}; expected ValueError: "
                    "no continuation can make these bytes valid netstrings")


@PROPERTY
@given(prefix=st.lists(st.binary(max_size=20), max_size=3),
       bad=st.sampled_from(INVALID), suffix=st.binary(max_size=30))
def test_decode_netstrings_invalid_stays_invalid(prefix, bad, suffix):
    """decode_netstrings rejects invalid bytes whatever comes before (valid netstrings) or after.

    Hint: valid netstrings before the bad bytes don't make them acceptable,
    and appending more data never repairs them.

    中文: 检查不管前面有什么合法的
    netstring、后面跟着什么数据，decode_netstrings 都拒绝不合法的字节。

    提示: 前面合法的 netstring
    不能让后面的坏字节变得可以接受，后面追加的数据也永远修复不了它们。
    """
    data = b"".join(map(_netstring, prefix)) + bad + suffix
    with deadline(QUICK, f"decode_netstrings({_short(data)})"):
        try:
            got = framing.decode_netstrings(data)
        except ValueError:
            return
    pytest.fail(f"decode_netstrings({_short(data)}) returned {_short(got)}; expected "
                f"ValueError: it contains {bad!r}, which no continuation makes valid")


@PROPERTY
@given(payloads=st.lists(st.binary(max_size=30), max_size=8), data=st.data())
def test_netstrings_roundtrip_any_split(payloads, data):
    """Netstrings decode back to the payloads however the stream is split (remainder carried over).

    Hint: return the unfinished tail as the remainder so that
    decode_netstrings(rest + next_chunk) continues where it stopped.

    中文: 检查无论数据流怎样切分（剩余部分带到下一次），netstring
    都能解码回原来的 payload。

    提示: 把没处理完的尾巴作为剩余部分返回，这样 decode_netstrings(rest +
    next_chunk) 就能从上次停下的地方继续。
    """
    encoded = [framing.encode_netstring(p) for p in payloads]
    assert encoded == [_netstring(p) for p in payloads], (
        f"encode_netstring gave {_short(encoded)} for {_short(payloads)}, expected "
        f"{_short([_netstring(p) for p in payloads])}")
    stream = b"".join(encoded)
    chunks = _chunks_of(data, stream)
    got, rest = [], b""
    with deadline(QUICK, "decode_netstrings"):
        for chunk in chunks:
            done, rest = framing.decode_netstrings(rest + chunk)
            got.extend(done)
    assert (got, rest) == (payloads, b""), (
        f"decoding chunks {_short(chunks)} (carrying the remainder) gave {_short(got)} "
        f"with remainder {_short(rest)}; expected {_short(payloads)} and b''")
