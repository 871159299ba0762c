#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# cycstreams and the pin printers for the port types after WaveCyclic and MIDI: a WaveRT,
# a WavePci and a DMus run each stopped under gdb (test-glitch.py's gdb_session), their
# cycstreams lines (guest RAM, then with the device's registers) checked field by field
# against the run's own device trace and the scenario's known values. TAP on stdout.
import importlib.util
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("test_glitch",
                                               os.path.join(HERE, "test-glitch.py"))
tg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tg)
report, cycglitch = tg.report, tg.cycglitch


def printer(pin_type):
    """gdb command printing every open pin of one type through its pretty-printer."""
    return ("python [gdb.execute('p *(%s *)%%d' %% int(p)) for p in "
            "objects_of('PcPn', '%s')]" % (pin_type, pin_type))


def session(tmp, name, extra, commands):
    """(output, Run of the same boot, the first stop's virtual time) of a gdb session."""
    out = os.path.join(tmp, name)
    text, took = tg.gdb_session(out, extra, commands)
    try:
        r = cycglitch.Run(out)
    except ValueError as e:
        report(False, "%s: no run directory (%s): %s" % (name, e, text[-600:]))
        return text, None, None
    got = tg.stops(text)
    now = got[0][2] + r.wall_base if got else None
    print("# %s: %.1f s under gdb, stop %s" % (name, took, got[:1]))
    return text, r, now


def line(text, pattern):
    return re.search(pattern, text, re.M)


def before(r, event, now, stream=0):
    return [kv for ev, kv in r.events if ev == event and kv.get("stream", stream) == stream and
            kv.get("now", 0) <= now]


def test_wavert(tmp):
    text, r, now = session(tmp, "wavert", ["--scenario", "wavert-render", "--",
                                           "duration_ms=300"],
                           ["cycstop period 0 10", "cycstreams --no-mmio",
                            printer("PCP_PIN_WAVERT"), "cycstreams", "continue"])
    if r is None:
        return
    start = before(r, "cycaudio_stream_start", now)[-1]
    wall = now - r.wall_base
    recs = [kv for ev, kv in r.events if ev == "cycaudio_stream_poswb" and
            kv["stream"] == 0 and kv["wall"] <= wall]
    pin = line(text, r"^wavert pin 0 render KSSTATE_RUN buffer (\d+) B \(MDL 0x[0-9a-f]+, "
                     r"offset 0x0\), notifications (\d+), (\d+) events registered 0x[0-9a-f]+$")
    report(pin is not None and int(pin.group(1)) == start["bsize"] and
           int(pin.group(2)) == 2 and int(pin.group(3)) == 1,
           "WaveRT pin: the buffer the device started with (%d B), NotificationCount 2, "
           "one event registered: %s" % (start["bsize"], pin and pin.group(0)))
    drv = line(text, r"^  driver:   \d+ ISR calls, 0 errors; record POS 0x([0-9a-f]+) "
                     r"\(frame \d+\) PCOUNT (\d+) WALL (\d+) ns$")
    report(drv is not None and recs and int(drv.group(2)) == 10 and
           (int(drv.group(2)), int(drv.group(3))) == (recs[-1]["pcount"], recs[-1]["wall"]),
           "WaveRT write-back record at period 10's ISR: PCOUNT and WALL of the trace's last "
           "write-back (%s): %s" % (recs and recs[-1], drv and drv.group(0)))
    hw = line(text, r"^  hardware: POS 0x([0-9a-f]+) .*PCOUNT (\d+) CTL .*POSWB.* "
                    r"hw-record (\d+) B$")
    report(hw is not None and int(hw.group(2)) == 10 and int(hw.group(3)) == 0,
           "WaveRT hardware line: PCOUNT 10, POS equal to the record's: %s" %
           (hw and hw.group(0)))
    report(pin is not None and
           line(text, r"^\$\d+ = \{%s\}$" % re.escape(pin.group(0)[len("wavert "):]))
           is not None, "the PCP_PIN_WAVERT printer shows the cycstreams line")


def test_wavepci(tmp):
    text, r, now = session(tmp, "wavepci", ["--port", "wavepci", "--scenario", "melody",
                                            "--", "duration_ms=400"],
                           ["cycstop period 0 12", "cycstreams --no-mmio",
                            printer("PCP_PIN_WAVEPCI"), "cycstreams", "continue"])
    if r is None:
        return
    done = before(r, "cycaudio_sg_complete", now)
    lvi = [kv["val"] for kv in before(r, "cycaudio_mmio_write", now)
           if kv["addr"] == r.regs["CYC_STREAM_BASE"] + r.regs["CYC_SD_SGLVI"]]
    sgcount = [kv["val"] for kv in before(r, "cycaudio_mmio_write", now)
               if kv["addr"] == r.regs["CYC_STREAM_BASE"] + r.regs["CYC_SD_SGCOUNT"]]
    pin = line(text, r"^wavepci pin 0 render KSSTATE_RUN mappings (\d+) outstanding "
                     r"\(head \d+\), (\d+) handed, (\d+) released, (\d+) revoked, .*$")
    drv = line(text, r"^  driver:   ring head (\d+), (\d+) descriptors pending, (\d+) "
                     r"completed, .*$")
    ok = pin is not None and drv is not None and lvi and sgcount
    n = sgcount[-1] if sgcount else 1
    report(ok and int(pin.group(1)) == int(drv.group(2)) and
           int(pin.group(2)) - int(pin.group(3)) - int(pin.group(4)) == int(pin.group(1)) and
           (int(drv.group(1)) + int(drv.group(2)) - 1) % n == lvi[-1],
           "WavePci: the port's outstanding mappings are the miniport's pending descriptors, "
           "which end at the SGLVI it last wrote (%s): %s / %s" %
           (lvi and lvi[-1], pin and pin.group(0), drv and drv.group(0)))
    hw = line(text, r"^  hardware: POS 0x[0-9a-f]+ .*PCOUNT (\d+) .* SGCUR (\d+) SGLVI (\d+) "
                    r"SGPOS (\d+)$")
    report(hw is not None and lvi and int(hw.group(1)) == len(done) >= 12 and
           int(hw.group(2)) == len(done) % n and int(hw.group(3)) == lvi[-1],
           "WavePci hardware: PCOUNT the trace's %d completed descriptors, SGCUR that mod %d, "
           "SGLVI the driver's: %s" % (len(done), n, hw and hw.group(0)))
    report(pin is not None and
           line(text, r"^\$\d+ = \{%s\}$" % re.escape(pin.group(0)[len("wavepci "):]))
           is not None, "the PCP_PIN_WAVEPCI printer shows the cycstreams line")


# dmus-tune: two program changes, then the note-ons and note-offs of its 11 notes.
DMUS_TUNE_EVENTS = 2 + 2 * 11
# The port hands every event over at once (the miniport's prefetch covers the tune); the
# guest's next interrupt after this WALL is the client's wake-up when the tune has played.
DMUS_LATER_WALL = 100000000


def seq_check(r, part, now, what):
    """The sequencer line of one stop against the trace: HEAD = EVCNT = events consumed by
    then, TAIL = the driver's ring tail. Returns HEAD."""
    played = [kv for ev, kv in r.events if ev == "cycaudio_seq_event" and kv["now"] <= now]
    hw = line(part, r"^  hardware: SEQ HEAD (\d+) TAIL (\d+) ACTIVE (\d+) EVCNT (\d+)$")
    tail = line(part, r"^  driver:   synth block \d+ KSSTATE_RUN, ring tail (\d+) ")
    report(hw is not None and tail is not None and int(hw.group(1)) == len(played) and
           int(hw.group(2)) == int(tail.group(1)) and int(hw.group(4)) == len(played),
           "DMus sequencer %s (WALL %d ns): HEAD and EVCNT the trace's %d events consumed by "
           "then, TAIL the driver's: %s" % (what, now - r.wall_base, len(played),
                                            hw and hw.group(0)))
    return int(hw.group(1)) if hw else None


def test_dmus(tmp):
    k = 20
    text, r, now = session(tmp, "dmus", ["--scenario", "dmus-tune", "--", "step_ms=50"],
                           ["break CDMusStream_PutMessage", "ignore 1 %d" % (k - 1),
                            "continue", "cyctime", "cycstreams --no-mmio",
                            printer("PCP_PIN_DMUS"), "cycstreams", "delete",
                            "cycstop time wall %d" % DMUS_LATER_WALL, "cycstreams",
                            "continue"])
    if r is None:
        return
    mark = "cycstop: time wall"
    text, later = text.split(mark, 1) if mark in text else (text, "")
    got = tg.stops(mark + later)
    pin = line(text, r"^dmus pin \d+ render KSSTATE_RUN (\d+) events queued \(next at \d+\), "
                     r"(\d+) handed over, 0 bad IRPs, 0 stalls; allocator (\d+) of \d+ events "
                     r"out, .*$")
    report(pin is not None and
           [int(x) for x in pin.groups()] == [DMUS_TUNE_EVENTS - k, k, DMUS_TUNE_EVENTS - k + 1],
           "DMus pin at the miniport's PutMessage %d: %d events queued, %d handed over, the "
           "allocator holds those and the one in hand: %s" %
           (k, DMUS_TUNE_EVENTS - k, k, pin and pin.group(0)))
    drv = line(text, r"^  driver:   synth block \d+ KSSTATE_RUN, ring tail (\d+) "
                     r"\(HEAD seen \d+\), (\d+) queued, 0 dropped$")
    report(drv is not None and int(drv.group(1)) == k - 1 and int(drv.group(2)) == k - 1,
           "DMus miniport: the %d earlier events in its ring: %s" % (k - 1, drv and drv.group(0)))
    head0 = seq_check(r, text, now, "at PutMessage %d" % k)
    head1 = seq_check(r, later, got[0][2] + r.wall_base if got else 0,
                      "at the client's wake-up") if got else None
    report(head0 == 0 and head1 == DMUS_TUNE_EVENTS,
           "the sequencer had consumed none, then all %d (%s, %s)" %
           (DMUS_TUNE_EVENTS, head0, head1))
    report(pin is not None and
           line(text, r"^\$\d+ = \{%s\}$" % re.escape(pin.group(0)[len("dmus "):]))
           is not None, "the PCP_PIN_DMUS printer shows the cycstreams line")


def main():
    only = sys.argv[1:] or ["wavert", "wavepci", "dmus"]
    return tg.run_tests("gdb-ports-",
                        lambda tmp: [globals()["test_" + name](tmp) for name in only])


if __name__ == "__main__":
    sys.exit(main())
