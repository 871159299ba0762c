# SPDX-License-Identifier: MIT
# MIDI bytes with virtual-clock times -> MIDI messages -> a Standard MIDI File
# (type 0), and back. A message is timed by its last byte: a receiver acts when
# the message is complete. Times are ns of QEMU_CLOCK_VIRTUAL throughout; the
# file keeps them at TICK_NS resolution, each tick rounded from the absolute
# time, so rounding never accumulates.
import re
import struct

TEMPO_US = 500000           # microseconds per quarter note (120 bpm)
DIVISION = 25000            # ticks per quarter note: 20 us per tick
TICK_NS = TEMPO_US * 1000 // DIVISION

TRACE_LINE = re.compile(r"cycaudio_midi_(tx|rx) byte 0x([0-9a-fA-F]{2}) "
                        r"now (\d+)")


def trace_bytes(lines, direction="tx"):
    """(ns, byte) pairs of one direction from a QEMU trace log, in order."""
    out = []
    for line in lines:
        m = TRACE_LINE.search(line)
        if m and m.group(1) == direction:
            out.append((int(m.group(3)), int(m.group(2), 16)))
    return out


def data_length(status):
    """Data bytes after a channel or system-common status; None: SysEx."""
    if status < 0xf0:
        return 1 if status & 0xf0 in (0xc0, 0xd0) else 2
    return {0xf0: None, 0xf1: 1, 0xf2: 2, 0xf3: 1}.get(status, 0)


def messages(timed_bytes):
    """(ns, bytes) MIDI messages from (ns, byte) pairs, MIDI's wire grammar:
    running status, SysEx up to F7, real-time bytes anywhere (their own
    message). Data bytes without a status are dropped, as a receiver does."""
    out = []
    status = None           # running status (channel messages only)
    current = []
    for ns, b in timed_bytes:
        if b >= 0xf8:
            out.append((ns, bytes([b])))
            continue
        if b >= 0x80:
            if current and current[0] == 0xf0:
                if b == 0xf7:
                    out.append((ns, bytes(current + [b])))
                    current = []
                    continue
                out.append((ns, bytes(current)))    # SysEx cut short
            current = [b]
            status = b if b < 0xf0 else None
            if data_length(b) == 0:
                out.append((ns, bytes(current)))
                current = []
            continue
        if not current:
            if status is None:
                continue
            current = [status]
        current.append(b)
        need = data_length(current[0])
        if need is not None and len(current) == 1 + need:
            out.append((ns, bytes(current)))
            current = []
    return out


def varlen(n):
    """A MIDI variable-length quantity."""
    out = [n & 0x7f]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7f))
        n >>= 7
    return bytes(reversed(out))


def in_file(msg):
    """Whether a file can hold the message: SMF has events for channel
    messages and SysEx; system-common and real-time bytes would need escape
    events that common readers refuse, so files leave them out."""
    return msg[0] < 0xf0 or msg[0] == 0xf0


def smf_event(msg):
    """One track event's body (after the delta time) for a wire message."""
    if msg[0] == 0xf0:
        return b"\xf0" + varlen(len(msg) - 1) + msg[1:]
    return msg


def smf_bytes(timed_messages):
    """A type-0 Standard MIDI File holding the messages at their times
    (those in_file() accepts)."""
    track = bytearray(b"\x00\xff\x51\x03" + TEMPO_US.to_bytes(3, "big"))
    last = 0
    for ns, msg in filter(lambda m: in_file(m[1]), timed_messages):
        tick = (ns + TICK_NS // 2) // TICK_NS
        track += varlen(max(tick - last, 0)) + smf_event(msg)
        last = max(tick, last)
    track += b"\x00\xff\x2f\x00"
    return (b"MThd" + struct.pack(">IHHH", 6, 0, 1, DIVISION) +
            b"MTrk" + struct.pack(">I", len(track)) + bytes(track))


def read_varlen(data, pos):
    n = 0
    while True:
        b = data[pos]
        pos += 1
        n = (n << 7) | (b & 0x7f)
        if b < 0x80:
            return n, pos


def smf_messages(data):
    """(ns, bytes) of every channel, SysEx and escaped message of a type-0
    file this module wrote (fixed tempo); meta events are skipped."""
    if data[:4] != b"MThd" or data[14:18] != b"MTrk":
        raise ValueError("not a type-0 Standard MIDI File")
    division = struct.unpack_from(">H", data, 12)[0]
    end = 22 + struct.unpack_from(">I", data, 18)[0]
    pos, tick, status, tempo = 22, 0, None, TEMPO_US
    out = []
    while pos < end:
        delta, pos = read_varlen(data, pos)
        tick += delta
        ns = tick * tempo * 1000 // division
        b = data[pos]
        if b == 0xff:
            length, body = read_varlen(data, pos + 2)
            if data[pos + 1] == 0x51:
                tempo = int.from_bytes(data[body:body + 3], "big")
            pos = body + length
        elif b in (0xf0, 0xf7):
            length, body = read_varlen(data, pos + 1)
            msg = data[body:body + length]
            out.append((ns, (b"\xf0" + msg) if b == 0xf0 else msg))
            pos = body + length
        else:
            if b >= 0x80:
                status, pos = b, pos + 1
            n = data_length(status)
            out.append((ns, bytes([status]) + data[pos:pos + n]))
            pos += n
    return out


def notes(timed_messages):
    """(start ns, end ns, channel, key, velocity) for every note; a note-on
    with velocity 0 ends a note, and a note still on at the end lasts to the
    last message."""
    active = {}
    out = []
    last = timed_messages[-1][0] if timed_messages else 0
    for ns, msg in timed_messages:
        kind = msg[0] & 0xf0
        if kind not in (0x80, 0x90) or len(msg) < 3:
            continue
        key = (msg[0] & 0x0f, msg[1])
        if key in active:
            start, vel = active.pop(key)
            out.append((start, ns, key[0], key[1], vel))
        if kind == 0x90 and msg[2] > 0:
            active[key] = (ns, msg[2])
    for (ch, k), (start, vel) in active.items():
        out.append((start, last, ch, k, vel))
    return sorted(out)
