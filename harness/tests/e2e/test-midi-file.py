#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Issue 9's "done when": the midi-render scenario through scripts/run leaves a
# .mid that a standard reader (Debian's mido) opens with the notes and times
# the client wrote: each record's messages at the record's offset from the
# first (KSMUSICFORMAT times are ms), every byte 320 us after the one before
# it on the wire. TAP on stdout.
import os
import re
import subprocess
import sys
import tempfile

import mido

ROOT = os.environ.get("CYC_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "../../.."))
BYTE_NS = 320000
TICK_NS = 20000             # the file's resolution (scripts/smf.py)
RECORD = re.compile(r"midi-render record (\d+) at \+(\d+) ms: ([0-9a-f ]+)$")

tests = 0
failed = 0


def report(ok, msg):
    global tests, failed
    tests += 1
    failed += 0 if ok else 1
    print("%s %d - %s" % ("ok" if ok else "not ok", tests, msg))


def wire_messages(records):
    """(ms offset, byte index within the record of the message's last byte,
    message bytes) for every message the client's records hold."""
    out = []
    status = None           # running status carries across records
    for offset, data in records:
        i = 0
        while i < len(data):
            if data[i] == 0xf0:
                end = data.index(0xf7, i)
                out.append((offset, end, bytes(data[i:end + 1])))
                i = end + 1
                status = None       # a SysEx cancels running status
                continue
            if data[i] >= 0x80:
                status = data[i]
                i += 1
            n = 1 if status & 0xf0 in (0xc0, 0xd0) else 2
            out.append((offset, i + n - 1,
                        bytes([status]) + bytes(data[i:i + n])))
            i += n
    return out


def main():
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run([os.path.join(ROOT, "scripts/run"), "--no-build",
                              "--no-plots", "--scenario", "midi-render",
                              "--out", out], capture_output=True, text=True)
        report(run.returncode == 0, "scripts/run --scenario midi-render: exit "
               "%d %s" % (run.returncode, run.stderr.strip()[-300:]))
        records = []
        with open(os.path.join(out, "midi-render-console.log")) as f:
            for line in f:
                m = RECORD.search(line.strip())
                if m:
                    records.append((int(m.group(2)),
                                    bytes.fromhex(m.group(3))))
        want = wire_messages(records)
        report(len(records) == 5, "%d records printed by the client (want 5)"
               % len(records))
        got = []
        now = 0.0
        for msg in mido.MidiFile(os.path.join(out, "midi-render.mid")):
            now += msg.time
            if not msg.is_meta:
                got.append((round(now * 1e9), bytes(msg.bytes())))
        report(len(got) == len(want), "%d messages in the .mid (want %d)" %
               (len(got), len(want)))
        if not got or len(got) != len(want):
            print("1..%d" % tests)
            return 1
        # The first message fixes where the client's time 0 lies on the wire.
        t0 = got[0][0] - (want[0][1] + 1) * BYTE_NS
        for (ns, data), (offset, last, wdata) in zip(got, want):
            expect = t0 + offset * 1000000 + (last + 1) * BYTE_NS
            report(data == wdata and abs(ns - expect) <= TICK_NS,
                   "%s at %d ns (want %s at %d ns: +%d ms, byte %d of its "
                   "record)" % (data.hex(" "), ns - t0, wdata.hex(" "),
                                expect - t0, offset, last))
    print("1..%d" % tests)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
