# SPDX-License-Identifier: MIT
# The glitch finder behind scripts/glitch, the DMA picture's marks (scripts/plot-dma) and the
# gdb stops of scripts/cycaudio-gdb.py (cycstop glitch K). A run directory of scripts/run holds
# what the client was told to send (cmdline.txt: the guest's key=value parameters; the console's
# summary and MIDI record lines), what came out (NAME-dump.wav: every frame render stream 0
# fetched, bit-exact) and when the device did what (NAME-trace.log, -trace 'cycaudio_*').
# Each port type is one analyser in PORT_TYPES: a function run -> [Glitch], or None when the
# run has nothing of that port type (see port_type()).
import importlib.machinery
import importlib.util
import os
import re
import shlex
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def _load_plot_dma():
    """scripts/plot-dma as a module: its trace parser and per-stream model are the ones used."""
    path = os.path.join(HERE, "plot-dma")
    loader = importlib.machinery.SourceFileLoader("cyc_plot_dma", path)
    spec = importlib.util.spec_from_loader("cyc_plot_dma", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


dma = _load_plot_dma()

# A period whose interrupt is acknowledged, or whose first POS read (the port's service asks
# the miniport for the position first) comes, later than this share of a period is late.
# Clean runs: 1.6 us and about 7 us for a 10 ms period.
LATE_SHARE = 2
# Fewer silent frames than this inside the client's data are not an underrun (a sample of a
# generator can be 0); a port underrun is at least the rest of a period.
MIN_SILENCE_FRAMES = 32
# A MIDI byte is late when it leaves the UART this long after its scheduled time.
MIDI_LATE_NS = 1000000
MIDI_BYTE_NS = 320000       # one byte at 31 250 baud, 10 bits (docs/cycaudio.rst)
GLOBAL_STREAM = 4294967295  # the trace's stream number of a global register


class Glitch:
    """One finding. frame: device frames since START (MIDI: byte index; DMus: event
    index in the sequencer ring); now: virtual ns."""

    FIELDS = ("stream", "kind", "period", "frame", "now", "icount", "what")

    def __init__(self, stream, kind, now, period=None, frame=None, what="", icount=None):
        self.stream, self.kind, self.now = stream, kind, now
        self.period, self.frame, self.what, self.icount = period, frame, what, icount

    def row(self):
        return [("-" if getattr(self, f) is None else str(getattr(self, f)))
                for f in self.FIELDS]


class Run:
    """The files of one scripts/run output directory."""

    def __init__(self, path):
        self.dir = os.path.abspath(path)
        consoles = sorted(f for f in os.listdir(self.dir) if f.endswith("-console.log"))
        if not consoles:
            raise ValueError("%s has no NAME-console.log: not a scripts/run directory" % path)
        self.name = consoles[0][:-len("-console.log")]
        self.console = self._read(self.name + "-console.log")
        self.params = self._params()
        trace = os.path.join(self.dir, self.name + "-trace.log")
        if not os.path.isfile(trace):
            raise ValueError("%s has no %s-trace.log (run without --no-plots, or with --trace)" %
                             (path, self.name))
        self.trace_path = trace
        self.regs = dma.regs_h()
        self.events = dma.parse(trace)
        self.streams, self.irq, self.intsts = dma.build(self.events, self.regs)
        self.summary = {}
        for line in self.console.splitlines():
            if line.startswith("# summary "):
                self.summary = dict(kv.split("=", 1) for kv in line.split()[2:] if "=" in kv)
        # WALL = now - base: the device's base is taken at each GCTL.GRST write; the one that
        # counts is the driver's last before the first stream starts or MIDI byte moves.
        self.wall_base = 0
        for ev, kv in self.events:
            if ev in ("cycaudio_stream_start", "cycaudio_midi_tx", "cycaudio_midi_rx"):
                break
            if (ev == "cycaudio_mmio_write" and kv.get("stream") == GLOBAL_STREAM and
                    kv.get("addr") == self.regs["CYC_REG_GCTL"] and
                    kv.get("val", 0) & self.regs["CYC_GCTL_GRST_MASK"]):
                self.wall_base = kv["now"]

    def _read(self, name):
        try:
            with open(os.path.join(self.dir, name), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def _params(self):
        """The guest's key=value parameters, from cyc-boot's cmdline.txt (-append)."""
        words = shlex.split(self._read("cmdline.txt").replace("\\\n", " "))
        params = {}
        if "-append" in words:
            for kv in words[words.index("-append") + 1].split():
                k, _, v = kv.partition("=")
                params[k] = v
        return params

    def file(self, suffix):
        return os.path.join(self.dir, self.name + suffix)


# --------------------------------------------------------------------------------------
# Port types. A port type plugs in with one function: @port_type("name") def f(run): [Glitch].

PORT_TYPES = []


def port_type(name):
    def register(fn):
        PORT_TYPES.append((name, fn))
        return fn
    return register


def _period_ns(s):
    return s.psize // s.fb * 10**9 // max(s.rate, 1)


def _run_end(s, t):
    """End of the RUN interval holding virtual time t (None: still running at the end)."""
    for start, _, end in s.runs:
        if start <= t and (end is None or t <= end):
            return end
    return -1


def frame_time(s, frame):
    """Virtual ns at which the device reaches stream frame `frame` (position formula)."""
    best = None
    for start, f0, _ in s.runs:
        if f0 <= frame:
            best = (start, f0)
    if best is None:
        return None
    return best[0] + (frame - best[1]) * 10**9 // max(s.rate, 1)


def _group(rows, kind, stream, s, what):
    """Consecutive late periods (k, now, latency) -> one Glitch per run of periods."""
    out = []
    pf = s.psize // s.fb
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1][0] == rows[j][0] + 1:
            j += 1
        k, now, lat = rows[i]
        span = "period %d" % k if i == j else "periods %d-%d" % (k, rows[j][0])
        out.append(Glitch(stream, kind, now, period=k, frame=k * pf,
                          what="%s: %s %.3f ms after period %d completed" %
                          (span, what, lat / 1e6, k)))
        i = j + 1
    return out


def stream_timing(run, sid, s):
    """Late interrupts (STS acknowledge) and late services (first POS read) per period."""
    late_irq, late_svc = [], []
    limit = _period_ns(s) // LATE_SHARE
    for (t, k), (_, ack, pos) in zip(s.periods, dma.latencies(s)):
        end = _run_end(s, t)
        if end == -1:
            continue
        if ack is not None and (end is None or t + ack <= end) and ack > limit:
            late_irq.append((k, t, ack))
        if pos is not None and (end is None or t + pos <= end) and pos > limit:
            late_svc.append((k, t, pos))
    return (_group(late_irq, "late-interrupt", sid, s, "interrupt acknowledged") +
            _group(late_svc, "late-service", sid, s, "first position read (service)"))


def stream_errors(run):
    """DMA errors, device error codes and capture overruns, straight from the trace."""
    r = run.regs
    names = {v: k for k, v in r.items() if k.startswith("CYC_ERR_")}
    out = []
    periods = {}
    for ev, kv in run.events:
        sid, now = kv.get("stream"), kv.get("now")
        if ev == "cycaudio_stream_period":
            periods[sid] = kv.get("periods", 0)
        elif ev == "cycaudio_stream_dma" and kv.get("res", 0) != 0:
            out.append(Glitch(sid, "dma-error", now, period=periods.get(sid, 0) + 1,
                              what="DMA of %d bytes at 0x%x failed (res %d)" %
                              (kv.get("len", 0), kv.get("addr", 0), kv.get("res", 0))))
        elif ev == "cycaudio_stream_error":
            code = kv.get("code", 0)
            out.append(Glitch(sid, "dma-error", now, period=periods.get(sid, 0) + 1,
                              what="device error %d (%s)" % (code, names.get(code, "?"))))
        elif ev == "cycaudio_stream_overrun":
            s = run.streams.get(sid)
            fb = s.fb if s else 1
            out.append(Glitch(sid, "dropped-frames", now, period=periods.get(sid, 0) + 1,
                              what="capture overrun: the device dropped %d frames" %
                              (kv.get("dropped", 0) // fb)))
    return out


# What the client sent, by scenario name (prefix): 'pattern' = audiogen's test pattern
# (seed=), recomputed exactly; 'silence' = content not recomputed here, but the client never
# sends silence, so runs of silent frames inside its data are underruns.
CONTENT = [("render-pattern", "pattern"), ("render-pause", "pattern"),
           ("render-gap", "pattern"), ("render-setformat", "pattern"),
           ("glitch-", "pattern"), ("melody", "silence")]
SFMT_BYTES = {"u8": 1, "s16": 2, "s24": 4, "s32": 4, "f32": 4}


def _hash32(x):
    x ^= x >> 16
    x = (x * 0x7feb352d) & 0xffffffff
    x ^= x >> 15
    x = (x * 0x846ca68b) & 0xffffffff
    x ^= x >> 16
    return x


def pattern_frame(seed, frame, channels, fmt):
    """audiogen_pattern_fill's bytes of one frame (audiogen.h)."""
    width = SFMT_BYTES[fmt]
    out = b""
    for c in range(channels):
        word = _hash32(((frame * channels + c) * 0x9e3779b9 + seed) & 0xffffffff)
        if fmt == "s24":
            word &= 0xffffff00
        out += struct.pack("<I", word)[:width]
    return out


def wav_frames(path, split=True):
    """(frame bytes, [frames as bytes]) of a RIFF/WAVE file, or None; with split=False the
    frames as one bytes object."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    pos, align = 12, None
    while pos + 8 <= len(data):
        cid, clen = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        if cid == b"fmt ":
            align = struct.unpack_from("<H", data, pos + 8 + 12)[0]
        elif cid == b"data" and align:
            body = data[pos + 8:pos + 8 + clen]
            if not split:
                return align, body[:len(body) - len(body) % align]
            return align, [body[i:i + align] for i in range(0, len(body) - align + 1, align)]
        pos += 8 + clen + (clen & 1)
    return None


def silent_runs(body, fb, silent, limit):
    """(first frame, frames) of every run of at least MIN_SILENCE_FRAMES silent frames that
    starts before frame limit; a run goes on to the end of the data. With client data that is
    not known frame by frame (the melody), every frame counts as one client frame, so the
    frame-by-frame walk reduces to this search of the data's bytes for the silent pattern."""
    runs = []
    pat = silent * MIN_SILENCE_FRAMES
    frames = len(body) // fb
    pos = 0
    while True:
        i = body.find(pat, pos * fb)
        if i < 0:
            break
        f = -(-i // fb)       # first whole frame of the match
        if body[f * fb:(f + MIN_SILENCE_FRAMES) * fb] != pat:
            pos = f
            continue
        while f > pos and body[(f - 1) * fb:f * fb] == silent:
            f -= 1
        if f >= limit:
            break
        end = f + MIN_SILENCE_FRAMES
        while end < frames and body[end * fb:(end + 1) * fb] == silent:
            end += 1
        runs.append((f, end - f))
        pos = end
    return runs


def render_content(run):
    """Underrun silence, dropped and repeated frames in the dump against the client's data."""
    kind = next((k for prefix, k in CONTENT if run.name.startswith(prefix)), None)
    s = run.streams.get(0)
    got = wav_frames(run.file("-dump.wav"), split=kind != "silence")
    if kind is None or s is None or got is None or "frames" not in run.summary:
        return []
    fb, frames = got
    fmt = run.params.get("format", "s16")
    channels = int(run.params.get("channels", 2))
    total = int(run.summary["frames"])
    silent = (b"\x80" if fmt == "u8" else b"\x00") * fb
    pf = s.psize // s.fb
    ref = {}
    if kind == "pattern":
        seed = int(run.params.get("seed", 1))
        ref = [pattern_frame(seed, f, channels, fmt) for f in range(total)]
        where = {}
        for i, b in enumerate(ref):
            where.setdefault(b, []).append(i)
    out = []

    def add(kind_, f, what):
        out.append(Glitch(0, kind_, frame_time(s, f), period=f // pf + 1, frame=f, what=what))

    if kind == "silence":
        return [Glitch(0, "underrun-silence", frame_time(s, f), period=f // pf + 1, frame=f,
                       what="%d frames (%.3f ms) of silence before client frame %d" %
                       (n, n * 1e3 / max(s.rate, 1), f))
                for f, n in silent_runs(frames, fb, silent, total)]
    e, f = 0, 0             # next client frame expected, device frame
    while f < len(frames) and e < total:
        b = frames[f]
        if kind == "pattern" and b == ref[e]:
            e, f = e + 1, f + 1
            continue
        if b == silent:
            n = 0
            while f + n < len(frames) and frames[f + n] == silent:
                n += 1
            if n >= MIN_SILENCE_FRAMES or kind == "pattern":
                add("underrun-silence", f, "%d frames (%.3f ms) of silence before client "
                    "frame %d" % (n, n * 1e3 / max(s.rate, 1), e))
            if kind == "silence":
                e += n
            f += n
            continue
        if kind == "silence":
            e, f = e + 1, f + 1
            continue
        cands = where.get(b, [])
        if not cands:
            add("wrong-data", f, "frame is neither client frame %d nor silence" % e)
            e, f = e + 1, f + 1
            continue
        i = min(cands, key=lambda c: abs(c - e))
        if i > e:
            add("dropped-frames", f, "client frames %d-%d never played" % (e, i - 1))
        else:
            add("repeated-frames", f, "client frame %d again after frame %d" % (i, e - 1))
        e, f = i + 1, f + 1
    return out


@port_type("wavecyclic")
def wavecyclic(run):
    """WaveCyclic render and capture: device timing per stream, errors, the dump's frames."""
    sg = sg_streams(run)
    if not [sid for sid in run.streams if sid not in sg]:
        return None
    out = []
    for sid, s in sorted(run.streams.items()):
        # A scatter-gather stream's PERIOD is per IOC descriptor, not per PSIZE: wavepci's.
        if sid not in sg:
            out += stream_timing(run, sid, s)
    return out + stream_errors(run) + render_content(run)


def stream_rates(run):
    """{stream: frames per second} from every START in the trace (SG streams included)."""
    return {kv["stream"]: (kv.get("fmt", 0) & run.regs["CYC_FMT_RATE_MASK"]) >>
            run.regs["CYC_FMT_RATE_SHIFT"]
            for ev, kv in run.events if ev == "cycaudio_stream_start"}


def sg_streams(run):
    """Streams that ran a scatter-gather ring (CTL.MODE = SG): they load descriptors."""
    return {kv.get("stream") for ev, kv in run.events
            if ev in ("cycaudio_sg_desc", "cycaudio_sg_underrun")}


@port_type("wavepci")
def wavepci(run):
    """WavePci: each starvation of a scatter-gather ring, from the ring running empty
    (STS.UNDERRUN) to the next descriptor the device loads. A ring that runs empty and
    is never refilled before STOP is the client's end of data, not a glitch."""
    if not sg_streams(run):
        return None
    rates, out, open_ = stream_rates(run), [], {}
    for ev, kv in run.events:
        sid = kv.get("stream")
        if ev == "cycaudio_sg_underrun":
            open_[sid] = (kv.get("frames", 0), kv.get("now"))
        elif ev == "cycaudio_sg_desc" and sid in open_:
            frame, t0 = open_.pop(sid)
            n = ((kv["now"] - t0) * rates.get(sid, 0) + 10**9 // 2) // 10**9
            out.append(Glitch(sid, "sg-starved", t0, frame=frame,
                              what="ring empty for %d frames (%.3f ms), descriptor %d "
                              "loaded at %d ns" % (n, (kv["now"] - t0) / 1e6,
                                                   kv.get("desc", 0), kv["now"])))
        elif ev in ("cycaudio_stream_stop", "cycaudio_stream_start"):
            open_.pop(sid, None)
    return out


@port_type("dmus")
def dmus(run):
    """DMus: every sequencer event the device applied after its time (late 1): how late,
    against the stream clock of the last cycaudio_seq_clock (WALL of run frame base)."""
    if not any(ev.startswith("cycaudio_seq_") for ev, _ in run.events):
        return None
    rates, out, clock = stream_rates(run), [], None
    for ev, kv in run.events:
        if ev == "cycaudio_seq_clock":
            clock = (kv.get("run_wall", 0), kv.get("base", 0),
                     rates.get(kv.get("stream"), 0))
        elif ev == "cycaudio_seq_event" and kv.get("late"):
            cur, due = kv.get("frame", 0), kv.get("time", 0)
            how = ""
            if clock and clock[2]:
                wall, base, rate = clock
                at = wall + (cur - base) * 10**9 // rate
                # The device's frame of an event: the first at or after its time.
                how = " %d frames (%d ns) late" % (
                    cur - (base - (wall - due) * rate // 10**9), at - due)
            out.append(Glitch("seq", "seq-event-late", kv.get("now"), frame=kv.get("idx"),
                              what="event %d msg 0x%06x due at WALL %d ns, applied at "
                              "frame %d%s" % (kv.get("idx", 0), kv.get("msg", 0), due,
                                              cur, how)))
    return out


_RECORD = re.compile(r"^# \[[ \d.]+\] [\w-]+ record (\d+) at \+(\d+) ms: ((?:[0-9a-f]{2} ?)+)$",
                     re.M)


@port_type("midi")
def midi(run):
    """MIDI render: each byte the client scheduled against the UART's transmit times."""
    tx = [(kv["byte"], kv["now"]) for ev, kv in run.events if ev == "cycaudio_midi_tx"]
    records = [(int(m.group(2)), bytes.fromhex(m.group(3)))
               for m in _RECORD.finditer(run.console)]
    if not tx and not records:
        return None         # a driver's UART probe (commands, a byte received) is no stream
    out = [Glitch("midi", "midi-byte-lost", kv.get("now"),
                  what="transmit byte 0x%02x lost" % kv.get("byte", 0))
           for ev, kv in run.events if ev == "cycaudio_midi_tx_lost"]
    out += [Glitch("midi", "midi-byte-lost", kv.get("now"),
                   what="receive overrun, byte 0x%02x" % kv.get("byte", 0))
            for ev, kv in run.events if ev == "cycaudio_midi_overrun"]
    if not records or not tx:
        return out
    t0 = tx[0][1]           # the first byte leaves at the record's +0 ms
    due, i = 0, 0
    for ms, data in records:
        due = max(due, t0 + ms * 10**6)
        for b in data:
            if i >= len(tx):
                out.append(Glitch("midi", "midi-byte-lost", None, frame=i,
                                  what="byte 0x%02x of the +%d ms record never sent" % (b, ms)))
                return out
            byte, now = tx[i]
            if byte != b:
                out.append(Glitch("midi", "midi-byte-lost", now, frame=i,
                                  what="sent 0x%02x where the client wrote 0x%02x" % (byte, b)))
            elif now - due > MIDI_LATE_NS:
                out.append(Glitch("midi", "midi-byte-late", now, frame=i,
                                  what="byte 0x%02x of the +%d ms record %.3f ms late" %
                                  (b, ms, (now - due) / 1e6)))
            due = max(due, now) + MIDI_BYTE_NS
            i += 1
    return out


def find(run):
    """Every glitch of every port type, in virtual-time order, numbered from 1;
    run.analysed: the port types that had something to analyse."""
    out, run.analysed = [], []
    for name, fn in PORT_TYPES:
        got = fn(run)
        if got is not None:
            run.analysed.append(name)
            out += got
    out.sort(key=lambda g: (g.now is None, g.now or 0, str(g.stream), g.kind))
    return out


def listing_path(run):
    return run.file("-glitches.tsv")


def write_listing(run, glitches):
    with open(listing_path(run), "w") as f:
        f.write("# scripts/glitch %s: scenario %s, wall_base %d\n" %
                (run.dir, run.name, run.wall_base))
        f.write("\t".join(("k",) + Glitch.FIELDS) + "\n")
        for k, g in enumerate(glitches, 1):
            f.write("\t".join([str(k)] + g.row()) + "\n")


def read_listing(path):
    """(wall_base, [{field: value}]) of a NAME-glitches.tsv."""
    base, rows, head = 0, [], None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.search(r"wall_base (\d+)", line)
            if line.startswith("#"):
                base = int(m.group(1)) if m else base
                continue
            cols = line.split("\t")
            if head is None:
                head = cols
                continue
            rows.append(dict(zip(head, cols)))
    return base, rows


def listing_of(path):
    """The listing of a run directory, or of a NAME-glitches.tsv file."""
    if os.path.isdir(path):
        names = [f for f in os.listdir(path) if f.endswith("-glitches.tsv")]
        if not names:
            raise ValueError("%s has no NAME-glitches.tsv: run scripts/glitch %s first" %
                             (path, path))
        path = os.path.join(path, names[0])
    return read_listing(path)
