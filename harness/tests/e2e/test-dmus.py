#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Issue 10's "done when": scripts/run --scenario dmus-tune plays the client's
# tune through the DMus port into the device's synthesiser, and the WAV holds
# what the events describe: every note starts at exactly the frame its
# master-clock timestamp gives (through the miniport's clock anchor and the
# stream's start in the device trace), silent before, at its key's
# fundamental (FFT), at its velocity's level relative to the first note, and
# its note-off ends it through the release; the picture is written with the
# piano roll above. Prints the onset errors it measured. dmus-bad (cut
# headers, lying lengths, disorder, 40 notes on 32 voices, 100 rounds with
# nothing leaked) passes and ends in silence: no stuck note; dmus-burst's
# 20000 events all reach the device ring (none dropped) and it ends in
# silence too; its events per second are printed. TAP on stdout.
import cmath
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.environ.get("CYC_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "../../.."))
sys.path.insert(0, os.path.join(ROOT, "harness", "lib"))
from tap import finish, report  # the harness's TAP, shared by these tests
RATE = 48000
RELEASE_FRAMES = {0: 80 * RATE // 1000, 1: 40 * RATE // 1000}
FFT_N = 16384
NOTE = re.compile(r"dmus-tune note (\d+): channel (\d+) key (\d+) velocity "
                  r"(\d+) on (-?\d+) off (-?\d+)")
ANCHOR = re.compile(r"dmus: stream (\d+) run: anchor wall (-?\d+) ns master "
                    r"(-?\d+)")
CLOCK = re.compile(r"cycaudio_seq_clock stream (\d+) run_wall (-?\d+) base "
                   r"(\d+)")


def load_wav_left(path):
    with open(path, "rb") as f:
        data = f.read()
    pos = 12
    while pos + 8 <= len(data):
        cid, clen = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        if cid == b"data":
            body = data[pos + 8:pos + 8 + clen]
            return list(struct.unpack_from("<%dh" % (len(body) // 2), body)[0::2])
        pos += 8 + clen + (clen & 1)
    raise ValueError("no data chunk")


def fft(x):
    n = len(x)
    if n == 1:
        return x
    even, odd = fft(x[0::2]), fft(x[1::2])
    tw = [cmath.exp(-2j * math.pi * k / n) * odd[k] for k in range(n // 2)]
    return ([even[k] + tw[k] for k in range(n // 2)] +
            [even[k] - tw[k] for k in range(n // 2)])


def peak_hz(samples):
    """Strongest bin of a Hann-windowed, zero-padded FFT, parabolic."""
    n = len(samples)
    x = [samples[i] * (0.5 - 0.5 * math.cos(2 * math.pi * i / (n - 1)))
         for i in range(n)] + [0.0] * (FFT_N - n)
    mag = [abs(v) for v in fft(x)[:FFT_N // 2]]
    k = max(range(1, len(mag) - 1), key=lambda i: mag[i])
    a, b, c = (math.log(max(mag[k + d], 1e-9)) for d in (-1, 0, 1))
    shift = 0.5 * (a - c) / (a - 2 * b + c) if a - 2 * b + c else 0.0
    return (k + shift) * RATE / FFT_N


def rms(samples):
    return math.sqrt(sum(v * v for v in samples) / len(samples))


OUTS = []                   # removed at the end if every point passed
# The adapter driver (scripts/run --driver): c, or cxx (the C++ one) given
# as the argument; the same checks hold for both.
DRIVER = sys.argv[1] if len(sys.argv) > 1 else "c"


def run_scenario(name, plots=False):
    """scripts/run's output folder, or None (reported) if the run failed.
    Only dmus-tune's picture is checked: the other runs draw none."""
    out = tempfile.mkdtemp(prefix="cyc-%s-" % name)
    OUTS.append(out)
    run = subprocess.run([os.path.join(ROOT, "scripts", "run"), "--no-build",
                          "--plots" if plots else "--no-plots",
                          "--scenario", name, "--driver", DRIVER, "--out",
                          out],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    if not report(run.returncode == 0, "scripts/run --scenario %s --driver "
                  "%s: exit %d: %s" % (name, DRIVER, run.returncode,
                                       run.stdout[-300:])):
        return None
    console = open(os.path.join(out, "%s-console.log" % name)).read()
    started = "cycaudiocxx: started" in console
    if not report(started == (DRIVER == "cxx"), "%s: the %s driver ran" %
                  (name, DRIVER)):
        return None
    return out


def check_quiet_end(name, out):
    """The dump's last 100 ms are silent: every note ended."""
    dump = load_wav_left(os.path.join(out, "%s-dump.wav" % name))
    tail = dump[-RATE // 10:]
    report(len(dump) > RATE // 10 and all(v == 0 for v in tail),
           "%s: the last 100 ms of %d frames are silent (peak %d): no stuck "
           "note" % (name, len(dump), max(abs(v) for v in tail) if tail
                     else -1))


def check_bad_and_burst():
    out = run_scenario("dmus-bad")
    if out:
        check_quiet_end("dmus-bad", out)
    out = run_scenario("dmus-burst")
    if not out:
        return
    console = open(os.path.join(out, "dmus-burst-console.log")).read()
    m = re.search(r"dmus-burst summary: events (\d+) virtual_us (\d+) "
                  r"events_per_s (\d+)", console)
    queued = re.search(r"dmus: stream stopped: (\d+) messages queued, (\d+) "
                       r"dropped", console)
    report(m and queued and queued.group(1) == m.group(1) and
           queued.group(2) == "0", "dmus-burst: %s events in %s us of virtual "
           "time, %s events/s; the device ring got %s, dropped %s" %
           (m.group(1) if m else "?", m.group(2) if m else "?",
            m.group(3) if m else "?", queued.group(1) if queued else "?",
            queued.group(2) if queued else "?"))
    check_quiet_end("dmus-burst", out)


UART_EVENTS = [(0, [0x90, 0x3c, 0x64]), (20000, [0x90, 0x40, 0x64]),
               (45000, [0xf0, 0x7d, 0x01, 0x02, 0xf7]),
               (70000, [0x80, 0x3c, 0x00]), (90000, [0x80, 0x40, 0x00])]
TX = re.compile(r"cycaudio_midi_tx byte 0x([0-9a-f]{2}) now (\d+)")
BYTE_NS = 320000
LATENCY_NS = 20000          # the port's timer DPC to the UART's DATA write


def check_uart():
    """dmus-uart's events leave the MIDI wire byte for byte: each event's
    bytes back to back (320 us apart) and its first at its offset from the
    first event's, within the DPC latency."""
    out = run_scenario("dmus-uart")
    if not out:
        return
    trace = open(os.path.join(out, "dmus-uart-trace.log"),
                 errors="replace").read()
    tx = [(int(b, 16), int(t)) for b, t in TX.findall(trace)]
    raw = open(os.path.join(out, "dmus-uart-midi.raw"), "rb").read()
    want = [b for _, data in UART_EVENTS for b in data]
    report([b for b, _ in tx] == want and list(raw) == want,
           "dmus-uart: the chardev got %s, want %s" % (raw.hex(),
                                                      bytes(want).hex()))
    at, times = 0, []
    for offset, data in UART_EVENTS:
        times.append((offset, [t for _, t in tx[at:at + len(data)]]))
        at += len(data)
    if len(tx) != len(want):
        return
    t0 = times[0][1][0]
    for i, (offset, ts) in enumerate(times):
        late = ts[0] - t0 - offset * 1000
        spaced = all(b - a == BYTE_NS for a, b in zip(ts, ts[1:]))
        report(0 <= late + LATENCY_NS and late <= LATENCY_NS and spaced,
               "dmus-uart event %d: first byte %+d ns from its time (relative "
               "to event 0), bytes 320 us apart: %s" % (i, late, spaced))


def main():
    check_uart()
    check_bad_and_burst()
    out = run_scenario("dmus-tune", plots=True)
    if not out:
        return finish()
    console = open(os.path.join(out, "dmus-tune-console.log")).read()
    trace = open(os.path.join(out, "dmus-tune-trace.log"),
                 errors="replace").read()
    notes = [tuple(int(g) for g in m.groups()) for m in NOTE.finditer(console)]
    anchor = ANCHOR.search(console)
    report(len(notes) == 11 and anchor is not None,
           "console: %d notes, anchor %s" % (len(notes),
                                             anchor.groups() if anchor else None))
    block, wall, master = (int(g) for g in anchor.groups())
    clocks = [tuple(int(g) for g in m.groups()) for m in CLOCK.finditer(trace)]
    report(len(clocks) == 1 and clocks[0][0] == block and clocks[0][2] == 0,
           "trace: the synth stream's clock ran once from frame 0: %s" % clocks)
    t_run = clocks[0][1]
    wav = load_wav_left(os.path.join(out, "dmus-tune.wav"))
    errors = []
    first_rms = None
    for i, ch, key, vel, on, off in notes:
        want_wall = wall + (on - master) * 100
        want = -(-(want_wall - t_run) * RATE // 1000000000)
        # the client's intent, without the anchor: frames from the anchor
        intent = -(-(on - master) * 100 * RATE // 1000000000)
        silent_before = all(v == 0 for v in wav[max(want - 200, 0):want])
        got = next((f for f in range(max(want - 200, 0), len(wav))
                    if wav[f] != 0), -1)
        errors.append(got - intent)
        if ch != 0:
            report(got == want, "chord note %d key %d: onset frame %d, want "
                   "%d" % (i, key, got, want))
            continue
        report(silent_before and got == want, "note %d key %d: onset frame "
               "%d, want %d (silent before: %s)" % (i, key, got, want,
                                                     silent_before))
        window = wav[want + RATE // 50:want + RATE // 50 + 4096]
        hz = peak_hz(window)
        expect = 440.0 * 2 ** ((key - 69) / 12)
        report(abs(hz - expect) < expect * 0.005,
               "note %d key %d: %.2f Hz, want %.2f" % (i, key, hz, expect))
        level = rms(window)
        if first_rms is None:
            first_rms, first_vel = level, vel
        db = 20 * math.log10(level / first_rms)
        want_db = 20 * math.log10(vel / first_vel)
        report(abs(db - want_db) < 0.3, "note %d velocity %d: %.2f dB from "
               "note 0, want %.2f" % (i, vel, db, want_db))
        off_frame = -(-((wall + (off - master) * 100) - t_run) * RATE //
                      1000000000)
        end = off_frame + RELEASE_FRAMES[ch]
        report(wav[off_frame + 10] != 0 and
               all(v == 0 for v in wav[end:end + 200]),
               "note %d: sounds after its note-off at frame %d, silent from "
               "%d (release)" % (i, off_frame, end))
    report(True, "onset error against the client's timestamps (frames, "
           "anchor to stream start included): %s" % sorted(set(errors)))
    png = os.path.join(out, "dmus-tune-wave.png")
    roll = os.path.join(out, "dmus-tune-notes.txt")
    report(os.path.exists(png) and os.path.exists(roll) and
           len(open(roll).read().splitlines()) == len(notes),
           "picture %s with the piano roll of %s" % (png, roll))
    return finish()


if __name__ == "__main__":
    status = main()
    if status == 0:
        for folder in OUTS:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        print("# artifacts kept: %s" % " ".join(OUTS))
    sys.exit(status)
