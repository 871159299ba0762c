#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Issue 9's "done when": the midi-render scenario through scripts/run leaves a
# .mid that a standard reader (Debian's mido) opens with the notes and times
# the client wrote: each record's messages at the record's offset from the
# first (KSMUSICFORMAT times are ms), every byte 320 us after the one before
# it on the wire. And the way in: bytes a host program writes into the MIDI
# chardev (a socket) reach the midi-capture client intact, each stamped with
# the service that read them, in arrival order (the device's cycaudio_midi_rx
# trace gives the arrivals).
# TAP on stdout.
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

import mido

ROOT = os.environ.get("CYC_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "../../.."))
sys.path.insert(0, os.path.join(ROOT, "harness", "lib"))
from tap import finish, report  # the harness's TAP, shared by these tests
BYTE_NS = 320000
TICK_NS = 20000             # the file's resolution (scripts/smf.py)
RECORD = re.compile(r"midi-render record (\d+) at \+(\d+) ms: ([0-9a-f ]+)$")
CAPTURED = re.compile(r"midi-capture record at \+(\d+) ms: ([0-9a-f ]+)$")
RX = re.compile(r"cycaudio_midi_rx byte 0x([0-9a-f]{2}) now (\d+)")
# What the host plays in: note on/off pairs by running status, a SysEx.
HOST_BYTES = bytes([0x90, 0x3c, 0x64, 0x3c, 0x00, 0xf0, 0x7d, 0x05, 0xf7,
                    0x91, 0x40, 0x50, 0x40, 0x00])



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


def test_render(out):
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
        return
    # The first message fixes where the client's time 0 lies on the wire.
    t0 = got[0][0] - (want[0][1] + 1) * BYTE_NS
    for (ns, data), (offset, last, wdata) in zip(got, want):
        expect = t0 + offset * 1000000 + (last + 1) * BYTE_NS
        report(data == wdata and abs(ns - expect) <= TICK_NS,
               "%s at %d ns (want %s at %d ns: +%d ms, byte %d of its "
               "record)" % (data.hex(" "), ns - t0, wdata.hex(" "),
                            expect - t0, offset, last))


def wait_for_line(path, needle, proc, seconds):
    """Whether needle shows up in the file before proc ends or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with open(path, errors="replace") as f:
                if needle in f.read():
                    return True
        except OSError:
            pass
        time.sleep(0.02)
    return False


def test_capture(out):
    # When a host program plays in is the host's business, so this run is not
    # bit-exact: with sleep=on idle virtual time follows the host clock, the
    # client's 4 s window lasts about 4 s, and the bytes go in once its pin
    # runs. What is exact: the bytes and their 320 us spacing on the wire;
    # the stamps follow the arrivals in order.
    sock_path = os.path.join(out, "midi.sock")
    console = os.path.join(out, "midi-capture-console.log")
    run = subprocess.Popen([os.path.join(ROOT, "scripts/run"), "--no-build",
                            "--no-plots", "--icount-sleep", "on",
                            "--scenario", "midi-capture", "--out", out,
                            "--midi", "socket,path=%s,server=on,wait=off" %
                            sock_path, "--", "duration_ms=4000"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    # scripts/run renames the live console.log when QEMU has exited.
    running = wait_for_line(os.path.join(out, "console.log"),
                            "midi-capture: RUN at", run, 120)
    report(running, "the capture pin runs (console %s)" % console)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(sock_path)
        conn.sendall(HOST_BYTES)
    except OSError as e:
        report(False, "write into the MIDI socket: %s" % e)
    stdout, stderr = run.communicate(timeout=240)
    conn.close()
    report(run.returncode == 0, "scripts/run --scenario midi-capture: exit "
           "%d %s" % (run.returncode, (stdout + stderr).strip()[-300:]))
    got = []
    with open(console, errors="replace") as f:
        for line in f:
            m = CAPTURED.search(line.strip())
            if m:
                got += [(int(m.group(1)), b)
                        for b in bytes.fromhex(m.group(2))]
    arrivals = []
    with open(os.path.join(out, "midi-capture-trace.log")) as f:
        for line in f:
            m = RX.search(line)
            if m:
                arrivals.append((int(m.group(2)), int(m.group(1), 16)))
    # The UART's reset and UART-mode ACKs (0xfe) come first on RX.
    arrivals = [a for a in arrivals if a[1] != 0xfe]
    report(bytes(b for _, b in got) == HOST_BYTES,
           "captured %s (want %s)" % (bytes(b for _, b in got).hex(" "),
                                      HOST_BYTES.hex(" ")))
    report([b for _, b in arrivals] == list(HOST_BYTES),
           "%d bytes crossed the RX wire (want %d)" %
           (len(arrivals), len(HOST_BYTES)))
    if len(got) != len(HOST_BYTES) or len(arrivals) != len(HOST_BYTES):
        return
    spacing = [b[0] - a[0] for a, b in zip(arrivals, arrivals[1:])]
    report(all(d == BYTE_NS for d in spacing),
           "arrivals %s ns apart (want %d)" % (sorted(set(spacing)), BYTE_NS))
    # Stamps are whole ms of the stream clock, taken when the port's service
    # reads the miniport (as Windows' MIDI port does; Read has no times). In
    # order, and behind each arrival by the interrupt and service latency:
    # microseconds on an idle host, more when sleep=on meets a loaded one.
    stamps = [ms for ms, _ in got]
    skew = [ms * 1000000 - ns for (ms, _), (ns, _) in zip(got, arrivals)]
    report(stamps == sorted(stamps) and max(skew) - min(skew) < 20000000,
           "stamps in order, stamp minus arrival spans %d ns (want < 20 ms): "
           "(ms, ns) %s" % (max(skew) - min(skew),
                            [(ms, ns) for (ms, _), (ns, _)
                             in zip(got, arrivals)][:4]))


def main():
    with tempfile.TemporaryDirectory() as out:
        test_render(out)
    with tempfile.TemporaryDirectory() as out:
        test_capture(out)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
