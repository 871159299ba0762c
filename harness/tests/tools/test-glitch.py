#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# scripts/glitch and the gdb stops by audio coordinates (cycstop), run for real: the guided
# example of docs/debugging.md (glitch-late-isr late_period=20) must list exactly its three
# glitches at the frames and periods the trace confirms; every clean scenario none; glitches
# planted in copies of a clean run (dropped and repeated frames, a DMA error, a late MIDI byte)
# each exactly once; the WavePci and DMus analysers: clean runs none, render-gap --port
# wavepci's starved ring once, sequencer events planted late exactly those; cycstop must stop
# at the documented period / virtual time, live and on a replay, and reverse-continue from a
# glitch stop must reach the stream's last position read; cycstop error at a device error gdb
# provokes.
# TAP on stdout.
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.environ.get("CYC_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "../../.."))
sys.path.insert(0, os.path.join(ROOT, "harness", "lib"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from tap import finish, report  # noqa: E402  the harness's TAP
import cycglitch  # noqa: E402

RUN = os.path.join(ROOT, "scripts", "run")
GLITCH = os.path.join(ROOT, "scripts", "glitch")
GDB = os.path.join(ROOT, "scripts", "gdb")
# The guided example: ISR call 20 stalls 60 ms (docs/debugging.md, section 5).
EXAMPLE = ["--scenario", "glitch-late-isr", "--", "late_period=20"]
# (kind, period, frame) it must produce, and nothing else. The underrun's frame moves with the
# guest's speed: 11052 before the test pattern's fill stepped its hash input (issue 15).
EXAMPLE_GLITCHES = [("late-service", 20, 9600), ("late-interrupt", 21, 10080),
                    ("underrun-silence", 24, 11047)]
# Instructions from CAdapterCommon_InterruptServiceRoutine's entry to its INTSTS read, in ns
# (-icount shift=3: 8 ns each; docs/debugging.md).
ISR_ENTRY_TO_INTSTS_NS = 224
# docs/debugging.md section 5, step 3 (the gdb session on the replay).
STEP3 = ["cycstop glitch 3", "cycstreams --no-mmio", "break CycHwStreamPosition",
         "reverse-continue", "cyctime", "bt 4", "delete", "cycstop period 0 20",
         "p ((CAdapterCommon *)DynamicContext)->Isr[0]", "finish", "cyctime",
         "list CycGlitchIsr", "continue"]
CLEAN = [("glitch-late-isr", []), ("render-pattern", ["duration_ms=300"]),
         ("render-pause", ["duration_ms=300"]), ("melody", ["duration_ms=400"]),
         ("capture-generator", ["duration_ms=200"]), ("capture-loopback", ["duration_ms=200"]),
         ("midi-render", []), ("midi-loopback", [])]


# The runs only scripts/glitch, the trace and gdb examine need no pictures (--no-plots --trace):
# about half a CPU-second less each.
TRACE_ONLY = ["--no-plots", "--trace"]


def run(out, args, timeout=300, plots=False):
    p = subprocess.run([RUN, "--no-build", "--out", out] + ([] if plots else TRACE_ONLY) + args,
                       capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout + p.stderr


def glitch(out):
    p = subprocess.run([sys.executable, GLITCH, out], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


def listing(out):
    return [(g.kind, g.period, g.frame, g.now) for g in cycglitch.find(cycglitch.Run(out))]


def trace(out):
    return cycglitch.Run(out)


def gdb_session(out, extra, commands, replay=None, timeout=240):
    """scripts/run [--replay DIR] --gdb in the background, scripts/gdb -batch with commands."""
    if replay:
        args = [RUN, "--replay", replay, "--gdb", "--timeout", str(timeout)]
        sock_dir = replay
    else:
        args = ([RUN, "--no-build", "--gdb", "--timeout", str(timeout), "--out", out] +
                TRACE_ONLY + extra)
        sock_dir = out
    # A socket left by the previous session would let scripts/gdb connect too early.
    if os.path.exists(os.path.join(sock_dir, "gdb.sock")):
        os.unlink(os.path.join(sock_dir, "gdb.sock"))
    qemu = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    cmd = [GDB, sock_dir, "-batch"]
    for c in commands:
        cmd += ["-ex", c]
    t0 = time.time()
    g = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    took = time.time() - t0
    try:
        qemu.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        qemu.kill()
        qemu.communicate()
    return g.stdout + g.stderr, took


def stops(text):
    """[(what, function, wall, now, icount)] of every 'cycstop:'/'cyctime:' line."""
    out = []
    for m in re.finditer(r"^(cycstop|cyctime): (?:(.*): )?(\w+), WALL (\d+) ns"
                         r"(?:, now (\d+) ns)?(?:, icount (\d+))?$", text, re.M):
        out.append((m.group(2) or m.group(1), m.group(3), int(m.group(4)),
                    int(m.group(5)) if m.group(5) else None,
                    int(m.group(6)) if m.group(6) else None))
    return out


def period_time(r, stream, k):
    return next(t for t, n in r.streams[stream].periods if n == k)


def next_read(r, addr, after, stream=None):
    for ev, kv in r.events:
        if (ev == "cycaudio_mmio_read" and kv.get("addr") == addr and kv["now"] >= after and
                (stream is None or kv.get("stream") == stream)):
            return kv["now"]
    return None


def last_pos_read(r, stream, before):
    reads = [t for t, _ in r.streams[stream].pos_reads if t < before]
    return reads[-1] if reads else None


def test_example(tmp):
    out = os.path.join(tmp, "example")
    rc, text = run(out, EXAMPLE, plots=True)
    report(rc == 0, "guided example run passes (the scenario expects its underrun): rc %d" % rc)
    report(re.search(r"^glitches\s+: 3 \(", text, re.M) is not None,
           "scripts/run's summary counts 3 glitches: %s" %
           next((ln for ln in text.splitlines() if ln.startswith("glitches")), "no line"))
    rc, text = glitch(out)
    got = listing(out)
    report(rc == 1, "scripts/glitch exits 1 when it finds glitches (%d)" % rc)
    report([g[:3] for g in got] == EXAMPLE_GLITCHES,
           "exactly the injected glitches (kind, period, frame): %s" % [g[:3] for g in got])
    r = trace(out)
    s = r.streams[0]
    pf = s.psize // s.fb
    t20, t21 = period_time(r, 0, 20), period_time(r, 0, 21)
    svc = next(t for t, _ in s.pos_reads if t > t20)
    ack = next(t for t in s.acks if t > t21)
    report(got[0][3] == t20 and svc - t20 > 50000000,
           "late service: period 20 completed at %d ns (the listing's time), first POS read "
           "%d ns later" % (t20, svc - t20))
    report(got[1][3] == t21 and ack - t21 > 40000000,
           "late interrupt: period 21 at %d ns acknowledged %d ns later" % (t21, ack - t21))
    underrun = got[2]
    report(underrun[2] // pf + 1 == underrun[1] and
           underrun[3] == cycglitch.frame_time(s, underrun[2]) and
           t20 < underrun[3] < svc,
           "underrun at frame %d = period %d at %d ns, inside the stall (%d..%d)" %
           (underrun[2], underrun[1], underrun[3], t20, svc))
    report(os.path.isfile(os.path.join(out, "glitch-late-isr-glitches.tsv")) and
           os.path.isfile(os.path.join(out, "glitch-late-isr-dma.png")),
           "the listing and the DMA picture with its marks are in the run directory")
    return out


def test_clean(tmp):
    for name, params in CLEAN:
        out = os.path.join(tmp, "clean-" + name)
        rc, text = run(out, ["--scenario", name, "--"] + params)
        grc, gtext = glitch(out)
        report(rc == 0 and grc == 0 and not listing(out),
               "%s: no glitch (run %d, scripts/glitch %d: %s)" %
               (name, rc, grc, gtext.splitlines()[0] if gtext else ""))
    out = os.path.join(tmp, "clean-render-gap")
    run(out, ["--scenario", "render-gap", "--", "duration_ms=300"])
    with open(os.path.join(out, "render-gap-console.log")) as f:
        gap = int(re.search(r"# gap frame=(\d+)", f.read()).group(1))
    got = listing(out)
    report([g[:1] + g[2:3] for g in got] == [("underrun-silence", gap)],
           "render-gap: the client's own gap is one underrun at its frame %d: %s" % (gap, got))


def planted(tmp, clean, name):
    out = os.path.join(tmp, "planted-" + name)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(clean, out)
    for f in os.listdir(out):
        if f.endswith("-glitches.tsv"):
            os.unlink(os.path.join(out, f))
    return out


def edit_dump(path, fn):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    pos = data.index(b"data") + 8
    new = fn(bytes(data[pos:]))
    data[pos - 4:pos] = len(new).to_bytes(4, "little")
    with open(path, "wb") as f:
        f.write(bytes(data[:pos]) + new)


def test_planted(tmp):
    clean = os.path.join(tmp, "clean-render-pattern")
    fb = 4
    at = 5000           # a frame in the middle of the 300 ms pattern
    out = planted(tmp, clean, "drop")
    edit_dump(os.path.join(out, "render-pattern-dump.wav"),
              lambda d: d[:at * fb] + d[(at + 7) * fb:])
    got = listing(out)
    report([g[:3] for g in got] == [("dropped-frames", at // 480 + 1, at)],
           "7 frames cut from the dump at %d: one dropped-frames glitch there: %s" % (at, got))
    out = planted(tmp, clean, "repeat")
    edit_dump(os.path.join(out, "render-pattern-dump.wav"),
              lambda d: d[:at * fb] + d[(at - 3) * fb:])
    got = listing(out)
    report([g[:3] for g in got] == [("repeated-frames", at // 480 + 1, at)],
           "3 frames played again at %d: one repeated-frames glitch there: %s" % (at, got))
    out = planted(tmp, clean, "dmaerr")
    tr = os.path.join(out, "render-pattern-trace.log")
    r = trace(clean)
    t = period_time(r, 0, 10) + 1000
    with open(tr) as f:
        lines = f.readlines()
    i = next(n for n, ln in enumerate(lines) if re.search(r"now (\d+)", ln) and
             int(re.search(r"now (\d+)", ln).group(1)) > t)
    lines.insert(i, "cycaudio_stream_error stream 0 code 1 now %d\n" % t)
    with open(tr, "w") as f:
        f.writelines(lines)
    got = listing(out)
    report([g[:2] + g[3:] for g in got] == [("dma-error", 11, t)],
           "a device error in the trace after period 10: one dma-error in period 11: %s" % got)
    midi = os.path.join(tmp, "clean-midi-render")
    out = planted(tmp, midi, "midi")
    con = os.path.join(out, "midi-render-console.log")
    with open(con) as f:
        text = f.read()
    with open(con, "w") as f:
        f.write(text.replace("record 2 at +200 ms", "record 2 at +195 ms"))
    got = listing(out)
    report([g[:3] for g in got] == [("midi-byte-late", None, 5)],
           "a record scheduled 5 ms before it left: its first byte (byte 5) late, the next "
           "one queued behind it on time: %s" % got)


def test_ports(tmp):
    """The WavePci and DMus analysers: clean runs none; a WavePci ring that starves in the
    client's gap one sg-starved at the gap's frame; late events planted in a copy of a clean
    DMus trace exactly those, as late as planted."""
    for name, params in [("melody", ["--port", "wavepci", "--scenario", "melody", "--",
                                     "duration_ms=400"]),
                         ("dmus-tune", ["--scenario", "dmus-tune"])]:
        out = os.path.join(tmp, "port-" + name)
        rc, text = run(out, params)
        grc, gtext = glitch(out)
        report(rc == 0 and grc == 0 and not listing(out),
               "%s: no glitch (run %d, scripts/glitch %d: %s)" %
               (" ".join(params[:2]), rc, grc, gtext.splitlines()[0] if gtext else ""))
    out = os.path.join(tmp, "port-gap")
    run(out, ["--port", "wavepci", "--scenario", "render-gap", "--", "duration_ms=300"])
    with open(os.path.join(out, "render-gap-console.log")) as f:
        gap = int(re.search(r"# gap frame=(\d+)", f.read()).group(1))
    r = trace(out)
    starved = [kv["now"] for ev, kv in r.events if ev == "cycaudio_sg_underrun"]
    rc, gtext = glitch(out)
    got = listing(out)
    report(rc == 1 and [g[:3] for g in got] == [("sg-starved", None, gap)] and
           got[0][3] == starved[0] and len(starved) == 2 and
           "port types wavepci;" in gtext,
           "render-gap --port wavepci: one sg-starved at the gap's frame %d at the ring's "
           "first underrun (%s), none for the end of data: %s" % (gap, starved, got))
    out = planted(tmp, os.path.join(tmp, "port-dmus-tune"), "seq")
    tr = os.path.join(out, "dmus-tune-trace.log")
    with open(tr) as f:
        lines = f.readlines()
    evs = [n for n, ln in enumerate(lines) if ln.startswith("cycaudio_seq_event ")]
    want = []
    for n in (evs[5], evs[11]):
        # Due 1 ms (48 frames at 48 kHz) before the frame the device applied it at.
        m = re.search(r" idx (\d+) .* time (\d+) .* late 0 ", lines[n])
        want.append(int(m.group(1)))
        lines[n] = lines[n].replace(" time %s " % m.group(2),
                                    " time %d " % (int(m.group(2)) - 1000000))
        lines[n] = lines[n].replace(" late 0 ", " late 1 ")
    with open(tr, "w") as f:
        f.writelines(lines)
    got = cycglitch.find(cycglitch.Run(out))
    late = [re.search(r" (\d+) frames \((\d+) ns\) late$", g.what) for g in got]
    report([(g.kind, g.frame) for g in got] == [("seq-event-late", i) for i in want] and
           all(m and int(m.group(1)) == 48 and abs(int(m.group(2)) - 1000000) < 21000
               for m in late),
           "two sequencer events planted 1 ms late (idx %s): exactly those, 48 frames "
           "late: %s" % (want, [g.what for g in got]))


def test_live_stops(tmp, example):
    out = os.path.join(tmp, "live")
    shutil.copytree(example, out)        # the listing of the same deterministic run
    r = trace(example)
    t_time = period_time(r, 0, 10) + 5000000
    text, took = gdb_session(out, EXAMPLE, [
        "cycstop time %d" % t_time, "cycstop period 0 20", "cycstop glitch 2",
        "cycstop glitch 1", "cycstreams --no-mmio",
        "python [gdb.execute('p *(PCP_PIN_WAVECYCLIC *)%d' % int(p)) for p in "
        "objects_of('PcPn', 'PCP_PIN_WAVECYCLIC')]", "continue"])
    got = stops(text)
    report(len(got) == 4, "live: 4 stops in %.1f s: %s" % (took, got or text[-600:]))
    if len(got) != 4:
        return
    t11 = period_time(r, 0, 11)
    (_, fn0, _, now0, _), (_, fn1, _, now1, _), (_, fn2, _, now2, _), (_, fn3, _, now3, _) = got
    report(fn0 == "arch_trap" and t_time <= now0 < t11 + 2000,
           "time %d: the first interrupt entry after it, %d ns (period 11 at %d)" %
           (t_time, now0, t11))
    t20 = period_time(r, 0, 20)
    intsts = next_read(r, r.regs["CYC_REG_INTSTS"], t20)
    report(fn1 == "CAdapterCommon_InterruptServiceRoutine" and
           intsts - now1 == ISR_ENTRY_TO_INTSTS_NS and now1 > t20,
           "period 0 20: the ISR entry at %d ns, %d ns after the period, %d ns before its "
           "INTSTS read" % (now1, now1 - t20, intsts - now1))
    t21 = period_time(r, 0, 21)
    intsts = next_read(r, r.regs["CYC_REG_INTSTS"], t21)
    report(fn2 == "CAdapterCommon_InterruptServiceRoutine" and
           intsts - now2 == ISR_ENTRY_TO_INTSTS_NS,
           "glitch 2 (late interrupt, period 21): the late ISR entry at %d ns, %.3f ms after "
           "the period" % (now2, (now2 - t21) / 1e6))
    svc = next(t for t, _ in r.streams[0].pos_reads if t > t20)
    report(fn3 == "PcpPinSink_RequestService" and now3 < svc and svc - now3 < 20000 and
           not [t for t, _ in r.streams[0].pos_reads if t20 < t < now3],
           "glitch 1 (late service, period 20): the service entry at %d ns, %d ns before its "
           "POS read, none since the period" % (now3, svc - now3))
    m = re.search(r"^  software: pin 0 render KSSTATE_RUN Device (\d+) .* Written (\d+) "
                  r".*underruns 0 client (\d+) B$", text, re.M)
    report(m is not None and int(m.group(2)) - int(m.group(1)) == 7680 and
           re.search(r"^\$\d+ = \{pin 0 render KSSTATE_RUN Device %s " %
                     (m.group(1) if m else "x"), text, re.M) is not None,
           "cycstreams and the PCP_PIN_WAVECYCLIC printer at the late service: the pin still "
           "holds its 40 ms lead from before the stall: %s" % (m and m.group(0)))
    rc, gtext = glitch(out)
    report([g[:4] for g in listing(out)] == [g[:4] for g in listing(example)],
           "the run under gdb has the same glitches at the same virtual times")


def test_error_stop(tmp):
    """cycstop error at a real device error: gdb writes the running stream's FMT (FMTERR,
    CYC_ERR_FMT_BUSY; the device stops the stream, so the session ends with kill)."""
    out = os.path.join(tmp, "error")
    shutil.copytree(os.path.join(tmp, "clean-glitch-late-isr"), out)
    text, took = gdb_session(out, ["--scenario", "glitch-late-isr"], [
        "cycstop period 0 10",
        "python r = regs(); a = find_bar0()[0] + r['CYC_STREAM_BASE'] + r['CYC_SD_FMT']; "
        "m = PhysicalMemory(); m.__enter__(); "
        "gdb.selected_inferior().write_memory(a, struct.pack('<I', mmio_read32(a))); "
        "m.__exit__()",
        "cycstop error", "p/x Events", "kill"])
    got = stops(text)
    glitch(out)         # the listing of this run (a trace-only run writes none)
    errs = [g for g in listing(out) if g[0] == "dma-error"]
    rows = cycglitch.listing_of(out)[1]
    report(len(got) == 2 and got[1][1] == "CMiniportWaveCyclicStream_Isr" and
           re.search(r"^\$1 = 0x5$", text, re.M) is not None,
           "cycstop error: the stream ISR with Events PERIOD|FMTERR (%.1f s): %s" %
           (took, got or text[-600:]))
    report(len(errs) == 1 and "CYC_ERR_FMT_BUSY" in rows[0]["what"] and len(got) == 2 and
           0 <= got[1][3] - errs[0][3] < 2000,
           "scripts/glitch lists the one dma-error (%s) at %s ns, the stop is %s ns after it" %
           (rows and rows[0]["what"], errs and errs[0][3],
            errs and len(got) == 2 and got[1][3] - errs[0][3]))


def test_pin_state(tmp):
    """cycstreams and the pin printers for the MIDI pins beside the wave ones (midi-loopback)."""
    out = os.path.join(tmp, "clean-midi-loopback")
    r = trace(out)
    tx = [kv["now"] for ev, kv in r.events if ev == "cycaudio_midi_tx"]
    t = tx[0] + 50000000
    text, took = gdb_session(out, ["--scenario", "midi-loopback"], [
        "cycstop time %d" % t, "cycstreams",
        "python [gdb.execute('p *(%s *)%d' % (t, int(p))) for t in ('PCP_PIN_MIDI', "
        "'PCP_PIN_WAVECYCLIC') for p in objects_of('PcPn', t)]", "continue"])
    got = stops(text)
    now = got[0][3] if got else 0
    sent = len([x for x in tx if x <= now])
    m = re.search(r"^midi pin 0 render KSSTATE_RUN clock running, .* (\d+) bytes moved$",
                  text, re.M)
    c = re.search(r"^midi pin 2 capture KSSTATE_RUN clock running, .* (\d+) bytes moved$",
                  text, re.M)
    report(m is not None and c is not None and int(m.group(1)) == sent and
           int(c.group(1)) == sent,
           "cycstreams at %d ns: MIDI render and capture pins moved %s and %s bytes, the "
           "UART sent %d by then (%.1f s)" % (now, m and m.group(1), c and c.group(1), sent,
                                              took))
    report(re.search(r"^  driver:   UART ring in \d+ out \d+ .*capture running$", text, re.M)
           is not None and
           re.search(r"^  hardware: MIDI STS UART, OVRCNT 0 bytes lost$", text, re.M)
           is not None,
           "cycstreams: the UART miniport's ring and the device's MIDI block beside each pin")
    report(len(re.findall(r"^\$\d+ = \{pin \d (render|capture) KSSTATE_RUN clock running",
                          text, re.M)) == 2,
           "the PCP_PIN_MIDI printer: %s" % re.findall(r"^\$\d+ = .*$", text, re.M))


def test_replay(tmp):
    out = os.path.join(tmp, "rr")
    rc, text = run(out, ["--record"] + EXAMPLE)
    grc, _ = glitch(out)
    report(rc == 0 and grc == 1, "recorded the guided example (run %d, glitch %d)" % (rc, grc))
    r = trace(out)
    # Step 3 of docs/debugging.md section 5, command for command.
    text, took = gdb_session(out, None, STEP3, replay=out)
    got = stops(text)
    report(len(got) == 4 and all(g[4] for g in got),
           "replay: the guided example's gdb session (4 stops, instruction counts) in %.1f s: "
           "%s" % (took, got or text[-600:]))
    if len(got) != 4:
        return
    (_, fn0, wall0, now0, ic0), (_, fn1, _, now1, ic1) = got[:2]
    (_, fn2, _, now2, _), (_, _, _, now3, _) = got[2:]
    t20 = period_time(r, 0, 20)
    report(fn2 == "CAdapterCommon_InterruptServiceRoutine" and
           next_read(r, r.regs["CYC_REG_INTSTS"], t20) - now2 == ISR_ENTRY_TO_INTSTS_NS and
           re.search(r"Routine = 0x[0-9a-f]+ <CycGlitchIsr>", text) is not None,
           "period 20's ISR entry at %d ns, the stream's routine is CycGlitchIsr" % now2)
    report(now3 - now2 > 60000000 and
           "KeStallExecutionProcessor(CycGlitchStallUs);" in text,
           "finish: the ISR took %.3f ms; 'list CycGlitchIsr' shows the stall" %
           ((now3 - now2) / 1e6))
    t_under = [g for g in listing(out) if g[0] == "underrun-silence"][0][3]
    svc = next(t for t, _ in r.streams[0].pos_reads if t > t_under)
    report(fn0 == "PcpPinSink_RequestService" and t_under <= now0 < svc < now0 + 20000,
           "glitch 3 (underrun at %d ns): the service that finds it, %d ns, icount %d" %
           (t_under, now0, ic0))
    last = last_pos_read(r, 0, now0)
    report(fn1 == "CycHwStreamPosition" and 0 < last - now1 < 2000 and ic1 < ic0,
           "reverse-continue: the stream's last position read before the glitch, at %d ns "
           "(trace: POS read at %d), icount %d" % (now1, last, ic1))
    text, took = gdb_session(out, None, ["cycstop icount %d" % ic0, "cyctime"], replay=out)
    got = stops(text)
    report(len(got) == 2 and got[0][4] == ic0 and got[0][2] == wall0 and
           got[0][1] == fn0,
           "replay_break at icount %d: the same instruction (%s, WALL %d) in %.1f s: %s" %
           (ic0, fn0, wall0, took, got or text[-600:]))
    t0 = time.time()
    p = subprocess.run([sys.executable, GLITCH, "--icount", out], capture_output=True, text=True,
                       timeout=600)
    took = time.time() - t0
    ics = [row["icount"] for row in cycglitch.listing_of(out)[1]]
    report(p.returncode == 1 and ics[2] == str(ic0) and all(x.isdigit() for x in ics),
           "scripts/glitch --icount: every glitch's instruction count, glitch 3's the stop's "
           "(%s) in %.1f s" % (ics, took))
    text, took = gdb_session(out, None, ["cycstop glitch 3"], replay=out)
    got = stops(text)
    report(len(got) == 1 and got[0][1:] == (fn0, wall0, now0, ic0) and
           "replay_break" in text,
           "cycstop glitch 3 with the listing's icount: QEMU's replay breakpoint, the same "
           "instruction: %s" % (got or text[-600:]))


def run_tests(prefix, tests):
    """tests(tmp) in a new directory (under CYC_ARTIFACTS if set), kept if any test failed."""
    keep = os.environ.get("CYC_ARTIFACTS")
    tmp = tempfile.mkdtemp(prefix=prefix, dir=keep if keep and os.path.isdir(keep) else None)
    tests(tmp)
    status = finish()
    if status == 0:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print("# outputs kept in %s" % tmp)
    return status


def all_tests(tmp):
    example = test_example(tmp)
    test_clean(tmp)
    test_planted(tmp)
    test_ports(tmp)
    test_live_stops(tmp, example)
    test_pin_state(tmp)
    test_error_stop(tmp)
    test_replay(tmp)


def main():
    return run_tests("glitch-", all_tests)


if __name__ == "__main__":
    sys.exit(main())
