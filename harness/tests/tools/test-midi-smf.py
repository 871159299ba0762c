#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# scripts/midi-smf and scripts/plot-midi against a device trace whose bytes and
# times are known: a standard reader (Debian's mido) must find every note, the
# SysEx and the program change at the virtual time the last byte completed,
# to the file's 20 us tick. TAP on stdout.
import os
import subprocess
import sys
import tempfile

import mido

ROOT = os.environ.get("CYC_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "../../.."))
sys.path.insert(0, os.path.join(ROOT, "harness", "lib"))
from tap import finish, report  # the harness's TAP, shared by these tests
BYTE_NS = 320000            # one byte on the MIDI wire (31 250 baud)
T0 = 1234567891             # first byte's completion, virtual ns
# Note-on C4, running status for D4 and E4 (a real-time clock byte between),
# note-off C4 as note-on velocity 0, a GM-reset SysEx, a program change.
WIRE = [0x90, 60, 100, 62, 90, 0xf8, 64, 80, 60, 0,
        0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7, 0xc0, 5]
# (index of the message's last byte in WIRE, what mido reads)
WANT = [(2, "note_on channel=0 note=60 velocity=100"),
        (4, "note_on channel=0 note=62 velocity=90"),
        (7, "note_on channel=0 note=64 velocity=80"),
        (9, "note_on channel=0 note=60 velocity=0"),
        (15, "sysex data=(126,127,9,1)"),
        (17, "program_change channel=0 program=5")]
TICK_NS = 20000



def trace_text():
    lines = ["cycaudio_reset now 0"]
    for i, b in enumerate(WIRE):
        lines.append("cycaudio_midi_tx byte 0x%02x now %d" %
                     (b, T0 + i * BYTE_NS))
        lines.append("cycaudio_midi_rx byte 0x%02x now %d" % (0x55, i))
    return "\n".join(lines) + "\n"


def main():
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "midi-trace.log")
        mid = os.path.join(tmp, "midi.mid")
        png = os.path.join(tmp, "midi-roll.png")
        with open(trace, "w") as f:
            f.write(trace_text())
        run = subprocess.run([sys.executable,
                              os.path.join(ROOT, "scripts/midi-smf"),
                              trace, mid], capture_output=True, text=True)
        report(run.returncode == 0 and os.path.isfile(mid),
               "midi-smf exit %d: %s%s" % (run.returncode, run.stdout.strip(),
                                           run.stderr.strip()))
        f = mido.MidiFile(mid)
        report(f.type == 0 and len(f.tracks) == 1,
               "type %d with %d tracks (want type 0, 1 track)" %
               (f.type, len(f.tracks)))
        got = []
        now = 0.0
        for msg in f:
            now += msg.time
            if not msg.is_meta:
                got.append((round(now * 1e9), str(msg).rsplit(" time=", 1)[0]))
        report(len(got) == len(WANT), "%d messages read (want %d: the clock "
               "byte is not a file event)" % (len(got), len(WANT)))
        for (ns, text), (last, want) in zip(got, WANT):
            want_ns = (T0 + last * BYTE_NS + TICK_NS // 2) // TICK_NS * TICK_NS
            report(text == want and abs(ns - want_ns) <= 1,
                   "'%s' at %d ns (want '%s' at %d ns)" %
                   (text, ns, want, want_ns))
        run = subprocess.run([sys.executable,
                              os.path.join(ROOT, "scripts/plot-midi"),
                              mid, png], capture_output=True, text=True)
        with open(png, "rb") as p:
            head = p.read(8) if run.returncode == 0 else b""
        report(head == b"\x89PNG\r\n\x1a\n", "plot-midi exit %d, PNG %s %s" %
               (run.returncode, head[:4], run.stderr.strip()))
    return finish()


if __name__ == "__main__":
    sys.exit(main())
