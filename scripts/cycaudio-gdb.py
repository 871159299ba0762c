# SPDX-License-Identifier: MIT
# gdb commands for the cycaudio guest under QEMU's gdbstub: cycregs (BAR0 registers, decoded
# with the names of include/cycaudio/regs.h, which is parsed at load time, never restated here)
# and cycstreams (the miniport's stream objects, software cursors beside the hardware POS),
# plus pretty-printers. Rule: MMIO is read one register at a time with 4-byte accesses, and
# only by the two commands; printers read guest RAM only (docs/debugging.md).
import os
import re
import struct
import sys

import gdb

# --------------------------------------------------------------------------------------
# regs.h: every offset, field and value name comes from the header.


def _find_regs_h():
    here = os.path.dirname(os.path.abspath(globals().get("__file__", "scripts/x")))
    candidates = [os.path.join(here, "..", "include", "cycaudio", "regs.h")]
    if os.environ.get("CYC_SOURCE_ROOT"):
        candidates.insert(0, os.path.join(os.environ["CYC_SOURCE_ROOT"],
                                          "include", "cycaudio", "regs.h"))
    candidates.append(os.path.join(os.getcwd(), "include", "cycaudio", "regs.h"))
    for c in candidates:
        if os.path.isfile(c):
            return os.path.normpath(c)
    raise gdb.GdbError("cycaudio-gdb: include/cycaudio/regs.h not found (set CYC_SOURCE_ROOT)")


_DEFINE = re.compile(r"^#define\s+(CYC_\w+)\s+(0x[0-9a-fA-F]+|\d+)[uUlL]*\s*"
                     r"(?:/\*\s*(.*?)\s*\*/)?\s*$", re.M)


_EXPR = re.compile(r"^#define\s+(CYC_\w+)\s+(\([\w\s+*|<>()-]*\))\s*(?:/\*.*\*/)?\s*$", re.M)


class Regs:
    """The numeric #defines of regs.h: name -> value, and their trailing comments."""

    def __init__(self, path):
        self.path = path
        with open(path) as f:
            text = f.read()
        self.val = {}
        self.doc = {}
        for m in _DEFINE.finditer(text):
            self.val[m.group(1)] = int(m.group(2), 0)
            self.doc[m.group(1)] = m.group(3) or ""
        # Constant expressions of earlier names, e.g. (CYC_MAX_RENDER + CYC_MAX_CAPTURE).
        for m in _EXPR.finditer(text):
            expr = re.sub(r"\b(0x[0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", m.group(2))
            expr = re.sub(r"\(uint32_t\)", "", expr)
            try:
                self.val[m.group(1)] = int(eval(expr, {"__builtins__": {}}, dict(self.val)))
            except Exception:
                pass

    def __getitem__(self, name):
        return self.val[name]

    def fields(self, prefix):
        """[(FIELD, mask, shift)] for every PREFIX<FIELD>_MASK with its _SHIFT, low bit first."""
        out = []
        for name, mask in self.val.items():
            if name.startswith(prefix) and name.endswith("_MASK"):
                field = name[len(prefix):-len("_MASK")]
                shift = self.val.get(prefix + field + "_SHIFT")
                if shift is not None and field:
                    out.append((field, mask, shift))
        return sorted(out, key=lambda f: f[2])

    def enum(self, prefix, exclude=()):
        """{value: SHORTNAME} of PREFIX<NAME> constants that are not field masks/shifts."""
        out = {}
        for name, v in self.val.items():
            if not name.startswith(prefix) or name.endswith(("_MASK", "_SHIFT")):
                continue
            short = name[len(prefix):]
            if short in exclude or any(short.startswith(e + "_") for e in exclude):
                continue
            out.setdefault(v, short)
        return out


_regs = None


def regs():
    global _regs
    if _regs is None:
        _regs = Regs(_find_regs_h())
    return _regs


# Register name -> prefix of its fields in regs.h (the header's own naming scheme).
_FIELD_PREFIX = {
    "CYC_REG_VERSION": "CYC_VERSION_", "CYC_REG_CAPS": "CYC_CAPS_",
    "CYC_REG_GCTL": "CYC_GCTL_", "CYC_REG_INTCTL": "CYC_INTCTL_",
    "CYC_REG_INTSTS": "CYC_INTSTS_", "CYC_REG_MASTER": "CYC_VOL_",
    "CYC_REG_GEN_CTL": "CYC_GEN_CTL_", "CYC_REG_GEN_FREQ": "CYC_GEN_FREQ_",
    "CYC_SD_CTL": "CYC_CTL_", "CYC_SD_STS": "CYC_STS_", "CYC_SD_FMT": "CYC_FMT_",
    "CYC_SD_VOL": "CYC_VOL_", "CYC_SD_SRC": "CYC_SRC_",
    "CYC_MIDI_STS": "CYC_MIDI_STS_", "CYC_MIDI_CTL": "CYC_MIDI_CTL_",
}
# (field prefix, field) -> (value prefix, names to exclude) for enumerated fields.
_FIELD_ENUM = {
    ("CYC_CTL_", "STATE"): ("CYC_STATE_", ()),
    ("CYC_CTL_", "MODE"): ("CYC_MODE_", ()),
    ("CYC_FMT_", "SFMT"): ("CYC_SFMT_", ("COUNT",)),
    ("CYC_GEN_CTL_", "MODE"): ("CYC_GEN_MODE_", ()),
    ("CYC_SRC_", "SEL"): ("CYC_SRC_", ("SEL", "LOOP")),
}
# Plain counts.
_UNITS = {
    "CYC_REG_FIFOSZ": "%d frames", "CYC_SD_BSIZE": "%d bytes", "CYC_SD_PSIZE": "%d bytes",
    "CYC_SD_POS": "byte %d", "CYC_SD_PCOUNT": "%d periods", "CYC_SD_OVERRUNS": "%d",
    "CYC_MIDI_OVRCNT": "%d bytes lost",
}
# Whole-register enumerations.
_REG_ENUM = {"CYC_SD_ERR": ("CYC_ERR_", ())}

# Read side effects of the 1.0 device (docs/cycaudio.rst, hw/audio/cycaudio.c), which regs.h
# does not encode: 'catchup' reads first transfer every frame due (DMA, maybe a period
# interrupt, exactly as a guest read would); 'latch' reads load the _HI half; 'pop' consumes.
_SIDE = {
    "CYC_REG_INTSTS": "catchup", "CYC_REG_WALL_LO": "latch",
    "CYC_SD_STS": "catchup", "CYC_SD_POS": "catchup", "CYC_SD_PCOUNT": "catchup",
    "CYC_SD_FRAMES_LO": "latch", "CYC_MIDI_DATA": "pop",
    "CYC_MIDI_STS": "catchup", "CYC_MIDI_OVRCNT": "catchup",
}
# SGCUR and SGPOS bring the stream up to date like POS (hw/audio/cycaudio.c).
_SIDE.update({"CYC_SD_SGCUR": "catchup", "CYC_SD_SGPOS": "catchup"})
# Every sequencer register read brings the synth stream (and the ring) up to date.
_SIDE.update({name: "catchup" for name in (
    "CYC_SEQ_RING_LO", "CYC_SEQ_RING_HI", "CYC_SEQ_RING_COUNT", "CYC_SEQ_HEAD",
    "CYC_SEQ_TAIL", "CYC_SEQ_CTL", "CYC_SEQ_STS", "CYC_SEQ_SYNTH", "CYC_SEQ_ERR",
    "CYC_SEQ_ACTIVE", "CYC_SEQ_LATECNT", "CYC_SEQ_EVCNT")})
_LATER_BLOCKS = {
    "midi": ["CYC_MIDI_DATA", "CYC_MIDI_STS", "CYC_MIDI_CTL", "CYC_MIDI_OVRCNT"],
    "seq": ["CYC_SEQ_RING_LO", "CYC_SEQ_RING_HI", "CYC_SEQ_RING_COUNT", "CYC_SEQ_HEAD",
            "CYC_SEQ_TAIL", "CYC_SEQ_CTL", "CYC_SEQ_STS", "CYC_SEQ_SYNTH", "CYC_SEQ_ERR",
            "CYC_SEQ_ACTIVE", "CYC_SEQ_LATECNT", "CYC_SEQ_EVCNT"],
}


def global_registers():
    r = regs()
    names = [n for n, v in r.val.items()
             if n.startswith("CYC_REG_") and v < r["CYC_GLOBAL_END"]]
    return sorted(names, key=lambda n: r[n])


def stream_registers():
    r = regs()
    names = [n for n, v in r.val.items()
             if n.startswith("CYC_SD_") and v < r["CYC_STREAM_STRIDE"]]
    return sorted(names, key=lambda n: r[n])


def decode(name, value):
    """Text of a register value: fields by their regs.h names, enums by their value names."""
    r = regs()
    if name in _REG_ENUM:
        prefix, excl = _REG_ENUM[name]
        return r.enum(prefix, excl).get(value, "?")
    if name == "CYC_REG_ID":
        return "CYC_ID_VALUE" if value == r["CYC_ID_VALUE"] else "not CYC_ID_VALUE!"
    if name in _UNITS:
        return _UNITS[name] % value
    prefix = _FIELD_PREFIX.get(name)
    if prefix is None:
        return ""
    parts = []
    for field, mask, shift in r.fields(prefix):
        v = (value & mask) >> shift
        width = bin(mask >> shift).count("1")
        enum = _FIELD_ENUM.get((prefix, field))
        if enum:
            parts.append("%s=%s" % (field, r.enum(enum[0], enum[1]).get(v, str(v))))
        elif width == 1:
            if v:
                parts.append(field)
        elif v or field in ("RATE", "CHANNELS", "ATT", "HZ", "MAJOR", "MINOR"):
            parts.append("%s=%s" % (field, hex(v) if width == 8 and field != "ATT" else v))
    return " ".join(parts)


def frame_bytes(fmt):
    r = regs()
    ch = (fmt & r["CYC_FMT_CHANNELS_MASK"]) >> r["CYC_FMT_CHANNELS_SHIFT"]
    sfmt = (fmt & r["CYC_FMT_SFMT_MASK"]) >> r["CYC_FMT_SFMT_SHIFT"]
    size = {r["CYC_SFMT_U8"]: 1, r["CYC_SFMT_S16"]: 2}.get(
        sfmt, 4 if sfmt < r["CYC_SFMT_COUNT"] else 0)
    return ch * size


# --------------------------------------------------------------------------------------
# Target access.


def _monitor(cmd):
    return gdb.execute("monitor " + cmd, to_string=True)


def _maint_packet(pkt):
    out = gdb.execute("maintenance packet " + pkt, to_string=True)
    m = re.search(r'received: "(.*)"', out)
    return m.group(1) if m else ""


class PhysicalMemory:
    """Context: gdb memory accesses are guest-physical (QEMU's Qqemu.PhyMemMode)."""

    def __enter__(self):
        self.old = None
        try:
            self.old = _maint_packet("qqemu.PhyMemMode")
            if self.old != "1":
                _maint_packet("Qqemu.PhyMemMode:1")
        except gdb.error:
            self.old = None     # not QEMU's stub: virtual = physical in this guest anyway
        return self

    def __exit__(self, *exc):
        if self.old is not None and self.old != "1":
            try:
                _maint_packet("Qqemu.PhyMemMode:0")
            except gdb.error:
                pass
        return False


def mmio_read32(addr):
    """One aligned 4-byte read (the only access size the device accepts)."""
    mem = gdb.selected_inferior().read_memory(addr, 4)
    return struct.unpack("<I", bytes(mem))[0]


def bar0_from_monitor():
    """(base, 'bus:dev.fn') of the cycaudio BAR0 from 'monitor info pci', None if unmapped."""
    r = regs()
    ident = "PCI device %04x:%04x" % (r["CYC_PCI_VENDOR_ID"], r["CYC_PCI_DEVICE_ID"])
    text = _monitor("info pci")
    for block in re.split(r"\n(?=\s*Bus\s)", text):
        if ident not in block:
            continue
        loc = re.search(r"Bus\s+(\d+), device\s+(\d+), function\s+(\d+)", block)
        where = "%02x:%02x.%x" % tuple(int(x) for x in loc.groups()) if loc else "?"
        m = re.search(r"BAR0: (?:32|64) bit (?:prefetchable )?memory at (0x[0-9a-f]+)", block)
        if not m or int(m.group(1), 16) >= 1 << 48:
            raise gdb.GdbError("cycaudio at %s: BAR0 not mapped yet (firmware or driver has "
                               "not assigned it, or memory decoding is off)" % where)
        return int(m.group(1), 16), where
    raise gdb.GdbError("no PCI device %04x:%04x in 'monitor info pci'" %
                       (r["CYC_PCI_VENDOR_ID"], r["CYC_PCI_DEVICE_ID"]))


def bar0_from_guest():
    """BAR0 as the driver mapped it (identity-mapped guest): the adapter common's Hw."""
    for payload, tag, size in pool_blocks():
        if tag == pool_tag("CycA"):
            try:
                t = gdb.lookup_type("CAdapterCommon")
            except gdb.error:
                return None
            if size == t.sizeof:
                v = gdb.Value(payload).cast(t.pointer()).dereference()
                return int(v["Hw"]["Registers"])
    return None


def find_bar0(explicit=None):
    if explicit is not None:
        return explicit, "--base"
    try:
        base, where = bar0_from_monitor()
        return base, "monitor info pci, %s" % where
    except gdb.error as e:
        base = bar0_from_guest()
        if base:
            return base, "the driver's CAdapterCommon.Hw (monitor: %s)" % e
        raise


# --------------------------------------------------------------------------------------
# Guest data: the nt-lite pool's live list names every object with its tag.


def pool_tag(text):
    return struct.unpack("<I", text.encode())[0]


def pool_blocks(limit=100000):
    """Yield (payload address, tag, size) of every live pool block, bounded and cycle-safe."""
    try:
        head = gdb.parse_and_eval("&'pool.c'::ExpLiveList")
    except gdb.error:
        head = gdb.parse_and_eval("&ExpLiveList")
    hdr = gdb.lookup_type("EXP_POOL_HEADER")
    link_off = [f.bitpos // 8 for f in hdr.fields() if f.name == "Link"][0]
    head_addr = int(head)
    e = head.dereference()["Flink"]
    seen = 0
    while int(e) != head_addr and int(e) != 0 and seen < limit:
        h = gdb.Value(int(e) - link_off).cast(hdr.pointer()).dereference()
        yield int(e) - link_off + hdr.sizeof, int(h["Tag"]), int(h["Size"])
        e = e.dereference()["Flink"]
        seen += 1


def objects_of(tag_text, type_name):
    """Pool objects of one type: blocks with its tag and exactly its size."""
    t = gdb.lookup_type(type_name)
    tag = pool_tag(tag_text)
    return [gdb.Value(p).cast(t.pointer()) for p, tg, sz in pool_blocks()
            if tg == tag and sz == t.sizeof]


# --------------------------------------------------------------------------------------
# cycregs


class CycRegs(gdb.Command):
    """Read and decode the cycaudio BAR0 registers (regs.h names).

cycregs [-s N]... [-a] [--later] [--safe] [--base ADDR] [--raw]
  (default)    global registers, then every stream block whose CTL or BSIZE is not 0
  -s N         stream block N only (0..3 render, 4..7 capture); repeatable
  -a           every present stream block
  --later      also the MIDI control block and the later-issue sequencer block (MIDI DATA
               is never read: a read takes a byte out of the RX FIFO; STS and OVRCNT
               bring the UART up to this virtual time first)
  --safe       skip registers whose read has a side effect (INTSTS, STS, POS, PCOUNT catch
               up the DMA engine; WALL_LO and FRAMES_LO latch their _HI half)
  --base ADDR  BAR0 address (default: 'monitor info pci', else the driver's mapping)
  --raw        values only, no decoding

Every register is read once with one 4-byte access, guest-physical. Reads are real device
reads: catch-up registers transfer the frames due at this virtual time first, exactly as a
guest read would, and show up in the device trace as cycaudio_mmio_read."""

    def __init__(self):
        super().__init__("cycregs", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        streams, all_streams, later, safe, raw, base = [], False, False, False, False, None
        i = 0
        while i < len(argv):
            a = argv[i]
            if a in ("-s", "--stream") and i + 1 < len(argv):
                streams.append(int(argv[i + 1], 0))
                i += 1
            elif a in ("-a", "--all"):
                all_streams = True
            elif a == "--later":
                later = True
            elif a == "--safe":
                safe = True
            elif a == "--raw":
                raw = True
            elif a == "--base" and i + 1 < len(argv):
                base = int(gdb.parse_and_eval(argv[i + 1]))
                i += 1
            else:
                raise gdb.GdbError("cycregs: unknown argument '%s' (help cycregs)" % a)
            i += 1
        r = regs()
        base, source = find_bar0(base)
        print("cycaudio BAR0 0x%x (%s)%s" % (base, source,
                                            ", --safe" if safe else ""))
        with PhysicalMemory():
            self._dump(base, streams, all_streams, later, safe, raw, r)

    def _line(self, base, off, name, safe, raw, values):
        side = _SIDE.get(name)
        if side == "pop" or (safe and side):
            print("  0x%03x %-20s (not read: %s)" % (off, name, side))
            return None
        v = mmio_read32(base + off)
        values[name] = v
        text = "" if raw else decode(name, v)
        print("  0x%03x %-20s 0x%08x  %s" % (off, name, v, text))
        return v

    def _dump(self, base, streams, all_streams, later, safe, raw, r):
        values = {}
        print("global:")
        for name in global_registers():
            self._line(base, r[name], name, safe, raw, values)
        if "CYC_REG_WALL_LO" in values and "CYC_REG_WALL_HI" in values:
            wall = values["CYC_REG_WALL_LO"] | values["CYC_REG_WALL_HI"] << 32
            print("  wall clock %d ns = %.9f s since device reset" % (wall, wall / 1e9))
        caps = values["CYC_REG_CAPS"] if "CYC_REG_CAPS" in values else \
            mmio_read32(base + r["CYC_REG_CAPS"])
        nrender = (caps & r["CYC_CAPS_NRENDER_MASK"]) >> r["CYC_CAPS_NRENDER_SHIFT"]
        ncapture = (caps & r["CYC_CAPS_NCAPTURE_MASK"]) >> r["CYC_CAPS_NCAPTURE_SHIFT"]
        present = [b for b in range(r["CYC_MAX_STREAMS"])
                   if b < nrender or r["CYC_MAX_RENDER"] <= b < r["CYC_MAX_RENDER"] + ncapture]
        explicit = bool(streams)
        if not streams:
            streams = present
        for b in streams:
            if b not in present:
                print("stream block %d: absent (CAPS has %d render, %d capture)" %
                      (b, nrender, ncapture))
                continue
            sbase = r["CYC_STREAM_BASE"] + b * r["CYC_STREAM_STRIDE"]
            if not (explicit or all_streams):
                busy = (mmio_read32(base + sbase + r["CYC_SD_CTL"]) |
                        mmio_read32(base + sbase + r["CYC_SD_BSIZE"]))
                if not busy:
                    continue
            kind = "render %d" % b if b < r["CYC_MAX_RENDER"] else \
                "capture %d" % (b - r["CYC_MAX_RENDER"])
            print("stream block %d (%s) at +0x%03x:" % (b, kind, sbase))
            sv = {}
            for name in stream_registers():
                self._line(base, sbase + r[name], name, safe, raw, sv)
            if not raw:
                self._stream_summary(sv, r)
        if later:
            for block, names in _LATER_BLOCKS.items():
                print("%s (later issue):" % block)
                for name in names:
                    self._line(base, r[name], name, safe, raw, values)

    @staticmethod
    def _stream_summary(sv, r):
        fmt = sv.get("CYC_SD_FMT", 0)
        fb = frame_bytes(fmt)
        if not fb:
            return
        rate = (fmt & r["CYC_FMT_RATE_MASK"]) >> r["CYC_FMT_RATE_SHIFT"]
        bsize, psize = sv.get("CYC_SD_BSIZE", 0), sv.get("CYC_SD_PSIZE", 0)
        text = "  = frame %d B, buffer %d frames, period %d frames" % (fb, bsize // fb, psize // fb)
        if rate:
            text += " (%.3f ms)" % (psize // fb * 1e3 / rate)
        if "CYC_SD_POS" in sv:
            text += ", POS frame %d" % (sv["CYC_SD_POS"] // fb)
        if "CYC_SD_FRAMES_LO" in sv:
            frames = sv["CYC_SD_FRAMES_LO"] | sv.get("CYC_SD_FRAMES_HI", 0) << 32
            text += ", FRAMES %d" % frames
        print(text)


# --------------------------------------------------------------------------------------
# cycstreams


def _enum_name(v):
    s = str(v)
    return s if not s.isdigit() else "state %s" % s


def wave_pin_text(pin, bsize=0):
    """(device offset, text) of a WaveCyclic port pin (PCP_PIN_WAVECYCLIC); guest RAM only."""
    base = pin["Pin"]
    dev, written = int(pin["Device"]), int(pin["Written"])
    size = int(pin["BufferSize"]) or bsize or 1
    return dev % size, (
        "pin %d %s %s Device %d (offset 0x%x) Written %d (offset 0x%x, lead %d B) "
        "SilenceEnd %d LastPosition 0x%x underruns %d%s client %d B" %
        (int(base["PinId"]), "capture" if int(base["Capture"]) else "render",
         _enum_name(base["State"]), dev, dev % size, written, written % size, written - dev,
         int(pin["SilenceEnd"]), int(pin["LastPosition"]), int(pin["Underruns"]),
         " (starved)" if int(pin["Starved"]) else "", int(pin["ClientBytes"])))


def pin_base_text(pin):
    """'pin N render|capture KSSTATE_x' of any port pin (its PCP_PIN base)."""
    base = pin["Pin"]
    return "pin %d %s %s" % (int(base["PinId"]),
                             "capture" if int(base["Capture"]) else "render",
                             _enum_name(base["State"]))


def midi_pin_text(pin):
    """Text of a MIDI port pin (PCP_PIN_MIDI): clock, render record, capture staging."""
    capture = int(pin["Pin"]["Capture"])
    text = "%s clock %s" % (
        pin_base_text(pin),
        "running" if int(pin["Running"]) else ("paused" if int(pin["Started"]) else "stopped"))
    if capture:
        text += ", staged %d bytes (last at %d ms), lost %d" % (
            int(pin["StageCount"]), int(pin["LastCaptureMs"]), int(pin["Lost"]))
    else:
        text += ", last record due %d ms, %s, %d partial writes" % (
            int(pin["LastDueMs"]),
            "head record %d bytes written" % int(pin["RecordWritten"])
            if int(pin["HaveRecord"]) else "no record pending", int(pin["Partials"]))
    return text + ", %d bytes moved" % int(pin["Bytes"])


def show_wavecyclic(pins, mmio, r):
    """Each CMiniportWaveCyclicStream ('CycS') beside its pin (pin.Stream = the stream)."""
    streams = objects_of("CycS", "CMiniportWaveCyclicStream")
    by_stream = {int(p["Pin"]["Stream"]): p for p in pins}
    for s in streams:
        _show_wave_stream(s, by_stream.get(int(s)), mmio, r)
    return len(streams)


def wave_stream_text(s, r):
    """First line of a miniport wave stream (WaveCyclic, WaveRT, WavePci field names)."""
    fmt = s["Format"]["Hw"]
    sfmt = r.enum("CYC_SFMT_", ("COUNT",)).get(int(fmt["SampleFormat"]), "?")
    text = "stream 0x%x block %d %s %s: %d Hz %d ch %s" % (
        int(s.address), int(s["Block"]), "capture" if int(s["Capture"]) else "render",
        _enum_name(s["State"]), int(fmt["Rate"]), int(fmt["Channels"]), sfmt)
    if "BufferBytes" in [f.name for f in s.type.strip_typedefs().fields()]:
        fb = int(s["Format"]["BlockAlign"]) or 1
        bsize = int(s["BufferBytes"])
        text += ", buffer %d B (%d frames), period %d B" % (bsize, bsize // fb,
                                                           int(s["PeriodBytes"]))
    return text


def block_regs(s, names, r):
    """{name: value} of the stream's device block (s.Hw, s.Block), one MMIO read each."""
    sb = (int(s["Hw"]["Registers"]) + r["CYC_STREAM_BASE"] +
          int(s["Block"]) * r["CYC_STREAM_STRIDE"])
    return {n: mmio_read32(sb + r[n]) for n in names}


def wave_hw_text(s, r, more=()):
    """'POS .. PCOUNT .. CTL .. STS ..' (+ more registers) of the stream's block, and POS."""
    v = block_regs(s, ("CYC_SD_CTL", "CYC_SD_STS", "CYC_SD_POS", "CYC_SD_PCOUNT") +
                   tuple(more), r)
    fb = int(s["Format"]["BlockAlign"]) or 1
    text = "POS 0x%x (frame %d) PCOUNT %d CTL %s STS %s" % (
        v["CYC_SD_POS"], v["CYC_SD_POS"] // fb, v["CYC_SD_PCOUNT"],
        decode("CYC_SD_CTL", v["CYC_SD_CTL"]) or "0",
        decode("CYC_SD_STS", v["CYC_SD_STS"]) or "0")
    for n in more:
        text += " %s %d" % (n[len("CYC_SD_"):], v[n])
    return text, v["CYC_SD_POS"]


def _show_wave_stream(s, pin, mmio, r):
    s = s.dereference()
    fb = int(s["Format"]["BlockAlign"]) or 1
    bsize = int(s["BufferBytes"])
    print(wave_stream_text(s, r))
    dev_off = None
    if pin is not None:
        dev_off, text = wave_pin_text(pin, bsize)
        print("  software: " + text)
    print("  driver:   %d ISR calls, %d errors" % (int(s["Interrupts"]), int(s["Errors"])))
    if not mmio:
        return
    line, pos = wave_hw_text(s, r)
    line = "  hardware: " + line
    if dev_off is not None and bsize:
        d = (pos - dev_off) % bsize
        line += " hw-sw %d B (%d frames)" % (d, d // fb)
    print(line)


def show_midi(pins, mmio, r):
    """Each MIDI pin, its UART miniport stream's ring and the device's MIDI block."""
    for pin in pins:
        print("midi " + midi_pin_text(pin))
        try:
            st = pin["Pin"]["Stream"].cast(gdb.lookup_type("PCP_UART_STREAM").pointer())
            u = st["Uart"].dereference()
            print("  driver:   UART ring in %d out %d (%d bytes held), %d overruns%s" %
                  (int(u["RingIn"]), int(u["RingOut"]),
                   int(u["RingIn"]) - int(u["RingOut"]), int(u["Overruns"]),
                   ", capture running" if int(u["CaptureRunning"]) else ""))
        except gdb.error:
            pass
        if mmio:
            bar = find_bar0()[0]
            sts = mmio_read32(bar + r["CYC_MIDI_STS"])
            ovr = mmio_read32(bar + r["CYC_MIDI_OVRCNT"])
            print("  hardware: MIDI STS %s, OVRCNT %d bytes lost" %
                  (decode("CYC_MIDI_STS", sts) or "0", ovr))
    return len(pins)


def wavert_pin_text(pin):
    """Text of a WaveRT port pin (PCP_PIN_WAVERT): buffer, MDL, notification events."""
    events = [int(pin["Events"][i]) for i in range(pin["Events"].type.range()[1] + 1)]
    events = [e for e in events if e]
    return "%s buffer %d B (MDL 0x%x, offset 0x%x), notifications %d, %d events " \
        "registered%s" % (pin_base_text(pin), int(pin["BufferSize"]), int(pin["Mdl"]),
                          int(pin["Offset"]), int(pin["NotificationCount"]), len(events),
                          "".join(" 0x%x" % e for e in events))


def wavepci_pin_text(pin):
    """Text of a WavePci port pin (PCP_PIN_WAVEPCI): mappings and the IRPs behind them."""
    st = pin["Stats"]
    return ("%s mappings %d outstanding (head %d), %d handed, %d released, %d revoked, "
            "%d not found%s; %d B mapped, %d B released; IRPs %d completed, %d cancelled" %
            (pin_base_text(pin), int(pin["Count"]), int(pin["Head"]),
             int(st["MappingsHanded"]), int(st["MappingsReleased"]),
             int(st["MappingsRevoked"]), int(st["NotFound"]),
             " (mapping requested)" if int(pin["MappingRequested"]) else "",
             int(st["BytesMapped"]), int(st["BytesReleased"]), int(st["IrpsCompleted"]),
             int(st["IrpsCancelled"])))


def _chain_length(first, limit=100000):
    """Events of a pNextEvt chain, bounded (a corrupt list stops at limit)."""
    n, e = 0, first
    while int(e) and n < limit:
        n += 1
        e = e.dereference()["pNextEvt"]
    return n


def dmus_pin_text(pin):
    """Text of a DMus port pin (PCP_PIN_DMUS): events queued and handed, the allocator."""
    capture = int(pin["Pin"]["Capture"])
    queued = _chain_length(pin["CaptureHead"] if capture else pin["Head"])
    text = "%s %d events queued%s, %d %s, %d bad IRPs, %d stalls" % (
        pin_base_text(pin), queued,
        " (next at %d)" % int(pin["Head"]["ullPresTime100ns"])
        if queued and not capture else "",
        int(pin["Events"]), "packed" if capture else "handed over", int(pin["BadIrps"]),
        int(pin["Stalls"]))
    try:
        a = pin["Allocator"].cast(gdb.lookup_type("PCP_ALLOCATOR_MXF").pointer())
        a = a.dereference()
        text += "; allocator %d of %d events out, %d of %d buffers out" % (
            int(a["EventsOut"]), int(a["EventCount"]), int(a["BuffersOut"]),
            int(a["BufferCount"]))
    except gdb.error:
        pass
    return text


def pool_object(addr, tag_text, type_name):
    """The object at addr if it is a live pool block of this tag and type's size, else None."""
    addr = int(addr)
    return next((v.dereference() for v in objects_of(tag_text, type_name)
                 if int(v) == addr), None)


def pins_with_streams(pins, label, text, tag_text, type_name):
    """Print each pin's line (label, text(pin)); yield (pin, its miniport stream) for the pins
    whose Stream is a live pool object of that tag and type."""
    for pin in pins:
        pin = pin.dereference()
        print(label + " " + text(pin))
        s = pool_object(pin["Stream"], tag_text, type_name)
        if s is not None:
            yield pin, s


def show_wavert(pins, mmio, r):
    """Each WaveRT pin, its CMiniportWaveRTStream and the write-back record beside POS."""
    for pin, s in pins_with_streams(pins, "wavert", wavert_pin_text, "CycS",
                                    "CMiniportWaveRTStream"):
        print("  " + wave_stream_text(s, r))
        fb = int(s["Format"]["BlockAlign"]) or 1
        line = "  driver:   %d ISR calls, %d errors" % (int(s["Interrupts"]),
                                                       int(s["Errors"]))
        rec = None
        if int(s["Miniport"]["Records"]):
            addr = int(s["Miniport"]["Records"]) + int(s["Block"]) * r["CYC_POSWB_ENTRY_SIZE"]
            raw = bytes(gdb.selected_inferior().read_memory(addr, r["CYC_POSWB_ENTRY_SIZE"]))
            rec = struct.unpack_from("<I", raw, r["CYC_POSWB_POS"])[0]
            line += "; record POS 0x%x (frame %d) PCOUNT %d WALL %d ns" % (
                rec, rec // fb, struct.unpack_from("<I", raw, r["CYC_POSWB_PCOUNT"])[0],
                struct.unpack_from("<Q", raw, r["CYC_POSWB_WALL"])[0])
        print(line)
        if mmio:
            text, pos = wave_hw_text(s, r)
            if rec is not None and int(s["BufferBytes"]):
                text += " hw-record %d B" % ((pos - rec) % int(s["BufferBytes"]))
            print("  hardware: " + text)
    return len(pins)


def show_wavepci(pins, mmio, r):
    """Each WavePci pin, its CMiniportWavePciStream's ring and the device's SG registers."""
    for pin, s in pins_with_streams(pins, "wavepci", wavepci_pin_text, "CycP",
                                    "CMiniportWavePciStream"):
        print("  " + wave_stream_text(s, r))
        print("  driver:   ring head %d, %d descriptors pending, %d completed, position %d B,"
              " %d ISR calls, %d errors, %d underruns" %
              (int(s["Head"]), int(s["Pending"]), int(s["Completed"]), int(s["Position"]),
               int(s["Interrupts"]), int(s["Errors"]), int(s["Underruns"])))
        if mmio:
            print("  hardware: " + wave_hw_text(
                s, r, ("CYC_SD_SGCUR", "CYC_SD_SGLVI", "CYC_SD_SGPOS"))[0])
    return len(pins)


def show_dmus(pins, mmio, r):
    """Each DMus pin, the synth miniport stream's ring and the device's sequencer block."""
    for pin, s in pins_with_streams(pins, "dmus", dmus_pin_text, "CycD",
                                    "CMiniportDMusCycStream"):
        print("  driver:   synth block %d %s, ring tail %d (HEAD seen %d), %d queued, "
              "%d dropped" % (int(s["Block"]), _enum_name(s["State"]), int(s["Tail"]),
                              int(s["HeadSeen"]), int(s["Queued"]), int(s["Dropped"])))
        if mmio:
            bar = int(s["Hw"]["Registers"])
            v = [mmio_read32(bar + r[n]) for n in
                 ("CYC_SEQ_HEAD", "CYC_SEQ_TAIL", "CYC_SEQ_ACTIVE", "CYC_SEQ_EVCNT")]
            print("  hardware: SEQ HEAD %d TAIL %d ACTIVE %d EVCNT %d" % tuple(v))
    return len(pins)


# Port types cycstreams shows: (name, pin struct in the 'PcPn' pool blocks, show(pins, mmio,
# regs) -> objects shown). A port type adds one row; its pins are found by their size.
PIN_TYPES = [
    ("wavecyclic", "PCP_PIN_WAVECYCLIC", show_wavecyclic),
    ("midi", "PCP_PIN_MIDI", show_midi),
    ("wavert", "PCP_PIN_WAVERT", show_wavert),
    ("wavepci", "PCP_PIN_WAVEPCI", show_wavepci),
    ("dmus", "PCP_PIN_DMUS", show_dmus),
]


class CycStreams(gdb.Command):
    """Show every open stream of every port type: software state beside the device's view.

cycstreams [--no-mmio]
  WaveCyclic: every CMiniportWaveCyclicStream (pool tag 'CycS'): block, KS state, format,
  buffer and period; its port pin's cursors (Device, Written, the lead between them,
  SilenceEnd, LastPosition, underruns, client bytes); the ISR count; and, unless --no-mmio,
  the device's POS, PCOUNT, CTL and STS of its block (POS/STS/PCOUNT catch up the DMA
  engine, as a driver read does). 'hw-sw' is POS minus the pin's Device offset.
  MIDI: every MIDI pin: its stream clock, the render record in progress or the capture
  staging, bytes moved; the UART miniport's ring; unless --no-mmio, the device's MIDI STS
  and OVRCNT (both bring the UART up to this virtual time; DATA is never read).
  WaveRT: every WaveRT pin: buffer, MDL, notification events registered; its miniport
  stream; the position write-back record (guest RAM) beside the block's POS/PCOUNT.
  WavePci: every WavePci pin: mappings outstanding, handed, released, revoked; the miniport
  stream's descriptor ring; unless --no-mmio, the block's SGCUR, SGLVI, SGPOS (catch-ups).
  DMus: every DMus pin: events queued and handed over, the allocator's events out; the
  synth stream's ring; unless --no-mmio, the sequencer's HEAD, TAIL, ACTIVE, EVCNT."""

    def __init__(self):
        super().__init__("cycstreams", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        mmio = "--no-mmio" not in argv
        r = regs()
        shown = 0
        with PhysicalMemory():
            for name, pin_type, show in PIN_TYPES:
                try:
                    pins = objects_of("PcPn", pin_type)
                    shown += show(pins, mmio, r)
                except gdb.error as e:
                    print("cycstreams: no %s (%s)" % (name, e))
        if not shown:
            print("no cycaudio stream objects (no render/capture/MIDI pin is open)")


# --------------------------------------------------------------------------------------
# Pretty-printers (guest RAM only, never MMIO).


class _HwFormatPrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        sfmt = regs().enum("CYC_SFMT_", ("COUNT",)).get(int(self.v["SampleFormat"]), "?")
        return "%d Hz, %d ch, %s" % (int(self.v["Rate"]), int(self.v["Channels"]), sfmt)


class _HwPrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        return "{Registers=0x%x, Caps=[%s], FifoFrames=%d, IntCtl=[%s]}" % (
            int(self.v["Registers"]), decode("CYC_REG_CAPS", int(self.v["Caps"])),
            int(self.v["FifoFrames"]), decode("CYC_REG_INTCTL", int(self.v["IntCtl"])))


class _GuidPrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        d4 = [int(self.v["Data4"][i]) for i in range(8)]
        return "{%08X-%04X-%04X-%02X%02X-%s}" % (
            int(self.v["Data1"]), int(self.v["Data2"]), int(self.v["Data3"]), d4[0], d4[1],
            "".join("%02X" % b for b in d4[2:]))


class _UnicodeStringPrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        n = min(int(self.v["Length"]), 512)
        buf = int(self.v["Buffer"])
        if not buf or not n:
            return 'L""'
        raw = bytes(gdb.selected_inferior().read_memory(buf, n))
        return 'L"%s"' % raw.decode("utf-16-le", "replace")


class _LargeIntegerPrinter:
    def __init__(self, v):
        self.v = v

    def to_string(self):
        return "0x%x" % (int(self.v["QuadPart"]) & (1 << 64) - 1)


def _pin_printer(text):
    """A printer class showing a pin as {text(pin)}, the cycstreams line."""
    class _PinPrinter:
        def __init__(self, v):
            self.v = v

        def to_string(self):
            return "{%s}" % text(self.v)
    return _PinPrinter


_PRINTERS = {
    "CYC_HW_FORMAT": _HwFormatPrinter, "CYC_HW": _HwPrinter,
    "PCP_PIN_WAVECYCLIC": _pin_printer(lambda v: wave_pin_text(v)[1]),
    "PCP_PIN_MIDI": _pin_printer(midi_pin_text), "PCP_PIN_WAVERT": _pin_printer(wavert_pin_text),
    "PCP_PIN_WAVEPCI": _pin_printer(wavepci_pin_text), "PCP_PIN_DMUS": _pin_printer(dmus_pin_text),
    "_GUID": _GuidPrinter, "GUID": _GuidPrinter,
    "_UNICODE_STRING": _UnicodeStringPrinter, "UNICODE_STRING": _UnicodeStringPrinter,
    "_LARGE_INTEGER": _LargeIntegerPrinter, "LARGE_INTEGER": _LargeIntegerPrinter,
    "PHYSICAL_ADDRESS": _LargeIntegerPrinter,
}


def _lookup(v):
    t = v.type
    if t.code == gdb.TYPE_CODE_TYPEDEF and str(t) in _PRINTERS:
        return _PRINTERS[str(t)](v)
    t = t.strip_typedefs()
    if t.tag in _PRINTERS and t.code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION):
        return _PRINTERS[t.tag](v)
    return None


# --------------------------------------------------------------------------------------
# cycstop: stops by audio coordinates. Every stop is an ordinary breakpoint on a guest
# function whose Python condition reads the device's clock (WALL_LO/HI: no guest code reads
# them, so the latch is harmless) or a stream's PCOUNT (a catch-up read, as at any ISR
# entry). Under -icount sleep=off a stop leaves the run as it was (section 3 of
# docs/debugging.md); on a replay the same breakpoint lands on the same instruction every
# time, and 'monitor info replay' names it.

# Where each kind of stop waits. A port type adds its stream ISR to "stream-isr" (the routine
# the adapter common calls with the acknowledged CYC_STS_* events as its Events argument).
STOP_SITES = {
    "isr": ["CAdapterCommon_InterruptServiceRoutine"],
    "service": ["PcpPinSink_RequestService"],
    "trap": ["arch_trap"],
    "stream-isr": ["CMiniportWaveCyclicStream_Isr"],
}
# scripts/glitch kind -> (site, condition): 'period' = the stream's PCOUNT reached the
# glitch's period; 'time' = virtual time reached the glitch's; 'error' = DMAERR/FMTERR events.
GLITCH_STOPS = {
    "late-interrupt": ("isr", "period"),
    "late-service": ("service", "time"),
    "underrun-silence": ("service", "time"),
    "dropped-frames": ("service", "time"),
    "repeated-frames": ("service", "time"),
    "wrong-data": ("service", "time"),
    "dma-error": ("stream-isr", "error"),
    "midi-byte-late": ("trap", "time"),
    "midi-byte-lost": ("trap", "time"),
}


def _glitch_module():
    """scripts/cycglitch.py, next to this file (gdb's 'source' may leave __file__ unset)."""
    dirs = [os.path.dirname(os.path.abspath(globals().get("__file__", "scripts/x")))]
    if os.environ.get("CYC_SOURCE_ROOT"):
        dirs.insert(0, os.path.join(os.environ["CYC_SOURCE_ROOT"], "scripts"))
    for d in dirs:
        if os.path.isfile(os.path.join(d, "cycglitch.py")) and d not in sys.path:
            sys.path.insert(0, d)
    import cycglitch
    return cycglitch


class Clock:
    """The device's virtual clock at a stop: WALL (ns since GRST) and BAR0, found once."""

    def __init__(self):
        self.bar = None

    def _base(self):
        if self.bar is None:
            self.bar = find_bar0()[0]
        return self.bar

    def wall(self):
        r = regs()
        base = self._base()
        with PhysicalMemory():
            lo = mmio_read32(base + r["CYC_REG_WALL_LO"])
            hi = mmio_read32(base + r["CYC_REG_WALL_HI"])
        return lo | hi << 32

    def pcount(self, block):
        r = regs()
        off = r["CYC_STREAM_BASE"] + block * r["CYC_STREAM_STRIDE"] + r["CYC_SD_PCOUNT"]
        with PhysicalMemory():
            return mmio_read32(self._base() + off)


def run_dir():
    """The run directory scripts/gdb was given (CYC_RUN_DIR), or None."""
    d = os.environ.get("CYC_RUN_DIR")
    return d if d and os.path.isdir(d) else None


def wall_base(directory):
    """Virtual ns of the device's WALL 0 in this run: the listing's header, else the trace."""
    if directory is None:
        return None
    g = _glitch_module()
    try:
        return g.listing_of(directory)[0]
    except (OSError, ValueError):
        pass
    try:
        return g.Run(directory).wall_base
    except (OSError, ValueError):
        return None


def replay_icount():
    """The replay's instruction count, None when the run is not a replay."""
    try:
        text = _monitor("info replay")
    except gdb.error:
        return None
    m = re.search(r"instruction count\s*=\s*(\d+)", text)
    return int(m.group(1)) if m and "Replaying" in text else None


def clock_calibrating():
    """True while the guest calibrates its clock at boot (time_init() waits in hlt for the
    LAPIC timer's interrupt, which enters arch_trap): no driver has reset the device yet,
    so its WALL is not on the run's time base and no stop is wanted there."""
    try:
        return int(gdb.parse_and_eval("'time.c'::tsc_khz")) == 0
    except gdb.error:
        return False


class _Stop(gdb.Breakpoint):
    def __init__(self, spec, cond):
        super().__init__(spec, internal=True)
        self.cond = cond
        self.boot_trap = spec == "arch_trap"

    def stop(self):
        if self.boot_trap and clock_calibrating():
            return False
        try:
            return bool(self.cond())
        except (gdb.error, gdb.GdbError) as e:
            # BAR0 not assigned yet (early boot): not the stop we wait for.
            if "not mapped" in str(e):
                return False
            print("cycstop: %s" % e)
            return True


def where_now(clock, base):
    """One line: the function, WALL, virtual time and (on a replay) the instruction count."""
    try:
        fn = gdb.selected_frame().name() or "?"
    except gdb.error:
        fn = "?"
    wall = clock.wall()
    text = "%s, WALL %d ns" % (fn, wall)
    if base is not None:
        text += ", now %d ns" % (wall + base)
    ic = replay_icount()
    if ic is not None:
        text += ", icount %d" % ic
    return wall, text


def run_to(site, cond, what, clock, base):
    """Continue until one of the site's functions is entered with cond() true; say where."""
    stops = []
    for sym in STOP_SITES[site]:
        try:
            gdb.lookup_global_symbol(sym) or gdb.lookup_static_symbol(sym) or \
                gdb.parse_and_eval(sym)
        except gdb.error:
            continue
        stops.append(_Stop(sym, cond))
    if not stops:
        raise gdb.GdbError("cycstop: no function of '%s' in this guest" % site)
    try:
        gdb.execute("continue")
    finally:
        for b in stops:
            b.delete()
    print("cycstop: %s: %s" % (what, where_now(clock, base)[1]))


class CycStop(gdb.Command):
    """Stop by audio coordinates (docs/debugging.md, "Stops by audio coordinates").

cycstop period S N       the ISR entry (CAdapterCommon_InterruptServiceRoutine) at which
                         stream block S has completed period N (its PCOUNT >= N)
cycstop time T           the first interrupt entry (arch_trap) at virtual time >= T ns, the
                         trace's 'now' (needs the run's trace or glitch listing for WALL's
                         base); 'cycstop time wall W' takes the device's WALL instead
cycstop glitch K [DIR]   where glitch K of DIR's scripts/glitch listing (default: the run
                         directory scripts/gdb was given) first shows: a late interrupt at the
                         ISR entry that acknowledges it, a late service / underrun / dropped or
                         repeated frames at the first port service at or after its time, a DMA
                         error at the stream ISR that gets it, a MIDI byte at the next interrupt
cycstop error            the next stream ISR call whose events carry DMAERR or FMTERR
cycstop icount N         (replay only) instruction N exactly: monitor replay_break N, continue
Every stop prints the function, WALL, the virtual time and, on a replay, the instruction
count. Live and replay alike; reverse-continue from a stop needs a replay."""

    def __init__(self):
        super().__init__("cycstop", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        argv = gdb.string_to_argv(arg)
        if not argv:
            raise gdb.GdbError("cycstop: period S N | time T | glitch K [DIR] | error | "
                               "icount N (help cycstop)")
        clock = Clock()
        base = wall_base(run_dir())
        kind, rest = argv[0], argv[1:]
        try:
            if kind == "period" and len(rest) == 2:
                block, n = int(rest[0], 0), int(rest[1], 0)
                run_to("isr", lambda: clock.pcount(block) >= n,
                       "stream %d period %d" % (block, n), clock, base)
            elif kind == "time" and rest:
                self._time(clock, base, rest)
            elif kind == "glitch" and rest:
                self._glitch(clock, base, int(rest[0], 0),
                             rest[1] if len(rest) > 1 else run_dir())
            elif kind == "error" and not rest:
                mask = regs()["CYC_STS_DMAERR_MASK"] | regs()["CYC_STS_FMTERR_MASK"]
                run_to("stream-isr", lambda: int(gdb.parse_and_eval("Events")) & mask,
                       "device error", clock, base)
            elif kind == "icount" and len(rest) == 1:
                if replay_icount() is None:
                    raise gdb.GdbError("cycstop icount: not a replay (scripts/run --replay "
                                       "DIR --gdb)")
                _monitor("replay_break %d" % int(rest[0], 0))
                gdb.execute("continue")
                print("cycstop: %s" % where_now(clock, base)[1])
            else:
                raise gdb.GdbError("cycstop: bad arguments '%s' (help cycstop)" % arg)
        except ValueError as e:
            raise gdb.GdbError("cycstop: %s" % e)

    @staticmethod
    def _time(clock, base, rest):
        if rest[0] == "wall" and len(rest) == 2:
            target = int(rest[1], 0)
        elif base is None:
            raise gdb.GdbError("cycstop time: no trace or glitch listing in the run "
                               "directory for WALL's base; use 'cycstop time wall W'")
        else:
            target = int(rest[0], 0) - base
        run_to("trap", lambda: clock.wall() >= target, "time %s" % " ".join(rest), clock,
               base)

    @staticmethod
    def _glitch(clock, base, k, directory):
        if directory is None:
            raise gdb.GdbError("cycstop glitch: which run? give DIR (scripts/glitch DIR "
                               "writes DIR/NAME-glitches.tsv)")
        base, rows = _glitch_module().listing_of(directory)
        row = next((r for r in rows if r.get("k") == str(k)), None)
        if row is None:
            raise gdb.GdbError("cycstop glitch: %s lists %d glitches, no %d" %
                               (directory, len(rows), k))
        site, how = GLITCH_STOPS.get(row["kind"], ("trap", "time"))
        label = "glitch %d %s stream %s period %s frame %s (trace now %s)" % (
            k, row["kind"], row["stream"], row["period"], row["frame"], row["now"])
        if row.get("icount", "-").isdigit() and replay_icount() is not None:
            # scripts/glitch --icount found the instruction: QEMU's replay breakpoint.
            _monitor("replay_break %s" % row["icount"])
            gdb.execute("continue")
            print("cycstop: %s, replay_break: %s" % (label, where_now(clock, base)[1]))
            return
        if how == "period":
            block, n = int(row["stream"]), int(row["period"])
            cond = lambda: clock.pcount(block) >= n     # noqa: E731
        elif how == "error":
            mask = regs()["CYC_STS_DMAERR_MASK"] | regs()["CYC_STS_FMTERR_MASK"]
            cond = lambda: int(gdb.parse_and_eval("Events")) & mask  # noqa: E731
        else:
            target = int(row["now"]) - base
            cond = lambda: clock.wall() >= target       # noqa: E731
        run_to(site, cond, label, clock, base)


class CycTime(gdb.Command):
    """Print the virtual time at this stop: the device's WALL, the trace's 'now' (when the run
directory has a trace or glitch listing) and, on a replay, the instruction count. Reads only
WALL_LO/WALL_HI, which no guest code reads."""

    def __init__(self):
        super().__init__("cyctime", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        print("cyctime: %s" % where_now(Clock(), wall_base(run_dir()))[1])


CycRegs()
CycStreams()
CycStop()
CycTime()
gdb.pretty_printers.append(_lookup)
