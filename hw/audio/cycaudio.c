/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio: an emulated PCI audio controller with a cyclic DMA engine; this
 * file is the register file, reset, realize and migration. Programming model:
 * docs/cycaudio.rst; register ABI: include/cycaudio/regs.h; the interrupt:
 * cycaudio-irq.c; engine: cycaudio-stream.c; MIDI: cycaudio-midi.c.
 * Everything the guest can observe is a function of QEMU_CLOCK_VIRTUAL and
 * its own writes.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qapi/error.h"
#include "hw/pci/pci.h"
#include "hw/pci/msi.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "migration/vmstate.h"
#include "cycaudio-state.h"
#include "trace.h"

typedef struct CycAudioReg CycAudioReg;

/*
 * Computed reads; writes run after the generic store of wmask/wclear bits and
 * get the image as it was before it (old), so a handler can refuse a store.
 */
typedef uint32_t (*CycAudioRead)(CycAudioState *s, CycAudioStream *st);
typedef void (*CycAudioWrite)(CycAudioState *s, CycAudioStream *st,
                              uint32_t val, uint32_t old);

/*
 * One row per register, as intel-hda's regtab: the only place that knows a
 * register's reset value and which bits a write stores or clears. Reset,
 * writes and post_load all apply these rows.
 */
struct CycAudioReg {
    const char *name;
    uint32_t offset;    /* BAR offset (global) or offset in a stream block */
    bool stored;        /* 'field' names a uint32_t register image */
    size_t field;       /* offset in CycAudioState or CycAudioStream */
    uint32_t reset;     /* image after reset (GRST, SRST, machine reset) */
    uint32_t wmask;     /* bits a write stores; other bits read 0 */
    uint32_t wclear;    /* bits a write of 1 clears */
    uint32_t max;       /* a stored image above this reads as it; 0: none */
    bool capture_only;
    CycAudioRead rhandler;
    CycAudioWrite whandler;
};

/*
 * Switching MSI on or off moves a pending interrupt between INTx and MSI; a
 * PMCSR write may change the power state (cycaudio-pm.c).
 */
static void cycaudio_config_write(PCIDevice *d, uint32_t addr, uint32_t val,
                                  int len)
{
    CycAudioState *s = CYCAUDIO(d);
    bool was_msi = msi_enabled(d);
    uint32_t was_d0 = cycaudio_pm_d0(s) ? CYC_PM_D0 : CYC_PM_D3HOT;

    pci_default_write_config(d, addr, val, len);
    if (msi_enabled(d) != was_msi) {
        s->irq_pending = 0;
        cycaudio_update_irq(s);
    }
    if (cycaudio_pm_config_written(s, was_d0)) {
        cycaudio_reset_state(s);
    }
}

/* ---- register handlers --------------------------------------------------- */

static void cycaudio_reset_stream(CycAudioStream *st);

static uint32_t cycaudio_get_id(CycAudioState *s, CycAudioStream *st)
{
    return CYC_ID_VALUE;
}

static uint32_t cycaudio_get_version(CycAudioState *s, CycAudioStream *st)
{
    return CYC_SET(CYC_SET(0, CYC_VERSION_MAJOR, CYC_ABI_MAJOR),
                   CYC_VERSION_MINOR, CYC_ABI_MINOR);
}

static uint32_t cycaudio_get_caps(CycAudioState *s, CycAudioStream *st)
{
    uint32_t caps = 0;

    caps = CYC_SET(caps, CYC_CAPS_NRENDER, s->render_streams);
    caps = CYC_SET(caps, CYC_CAPS_NCAPTURE, s->capture_streams);
    caps = CYC_SET(caps, CYC_CAPS_MSI, msi_present(PCI_DEVICE(s)));
    caps = CYC_SET(caps, CYC_CAPS_PM, 1);
    caps = CYC_SET(caps, CYC_CAPS_GEN, 1);
    caps = CYC_SET(caps, CYC_CAPS_LOOPBACK, 1);
    caps = CYC_SET(caps, CYC_CAPS_DUMP, s->dump_fd >= 0);
    caps = CYC_SET(caps, CYC_CAPS_SG, 1);
    caps = CYC_SET(caps, CYC_CAPS_MIDI, 1);
    caps = CYC_SET(caps, CYC_CAPS_POSWB, 1);
    caps = CYC_SET(caps, CYC_CAPS_SEQ, 1);
    caps = CYC_SET(caps, CYC_CAPS_SOFF, 1);
    return caps;
}

static uint32_t cycaudio_get_fifosz(CycAudioState *s, CycAudioStream *st)
{
    return s->fifo_frames;
}

/* GRST: the whole device as after power-on, interrupt lowered. */
static void cycaudio_set_gctl(CycAudioState *s, CycAudioStream *st,
                              uint32_t val, uint32_t old)
{
    if (val & CYC_GCTL_GRST_MASK) {
        cycaudio_reset_state(s);
    }
}

static void cycaudio_set_irq_regs(CycAudioState *s, CycAudioStream *st,
                                  uint32_t val, uint32_t old)
{
    cycaudio_update_irq(s);
}

static uint32_t cycaudio_get_intsts(CycAudioState *s, CycAudioStream *st)
{
    uint32_t i;

    for (i = 0; i < CYC_MAX_STREAMS; i++) {
        cycaudio_stream_catch_up(&s->st[i]);
    }
    cycaudio_midi_catch_up(s);
    return cycaudio_irq_sources(s) | (s->irq_level ? CYC_INTSTS_GIS_MASK : 0);
}

/*
 * Reading the low half latches the high half, so the pair is one 64-bit sample.
 */
static uint32_t cycaudio_get_wall_lo(CycAudioState *s, CycAudioStream *st)
{
    uint64_t wall = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - s->wall_base_ns;

    s->wall_latch = wall >> 32;
    return (uint32_t)wall;
}

static uint32_t cycaudio_get_ctl(CycAudioState *s, CycAudioStream *st)
{
    return CYC_SET(st->ctl, CYC_CTL_STATE, st->state);
}

/*
 * CTL: SRST wins over everything; otherwise the stored enables apply, then the
 * STATE field drives the state machine (START validates, STOP drains, PAUSE
 * freezes).
 */
static void cycaudio_set_ctl(CycAudioState *s, CycAudioStream *st,
                             uint32_t val, uint32_t old)
{
    if (val & CYC_CTL_SRST_MASK) {
        cycaudio_reset_stream(st);
        cycaudio_update_irq(s);
        return;
    }
    cycaudio_stream_set_state(st, CYC_GET(val, CYC_CTL_STATE));
    cycaudio_update_irq(s);
}

static uint32_t cycaudio_get_sts(CycAudioState *s, CycAudioStream *st)
{
    cycaudio_stream_catch_up(st);
    cycaudio_update_irq(s);
    return st->sts |
           (st->state == CYC_STATE_RUN ? CYC_STS_RUNNING_MASK : 0) |
           (st->draining ? CYC_STS_DRAINING_MASK : 0) |
           (st->state != CYC_STATE_STOP && st->sg.starved ?
            CYC_STS_STARVED_MASK : 0);
}

/*
 * FMT may change only in STOP: a format set while the stream runs is an error
 * that keeps the old value and stops the stream, frames due moved first.
 */
static void cycaudio_set_fmt(CycAudioState *s, CycAudioStream *st,
                             uint32_t val, uint32_t old)
{
    if (st->state != CYC_STATE_STOP) {
        st->fmt = old;
        cycaudio_stream_fault(st, CYC_STS_FMTERR_MASK, CYC_ERR_FMT_BUSY);
    }
}

static uint32_t cycaudio_get_pos(CycAudioState *s, CycAudioStream *st)
{
    uint32_t pos = cycaudio_stream_pos(st);

    cycaudio_update_irq(s);
    return pos;
}

static uint32_t cycaudio_get_frames_lo(CycAudioState *s, CycAudioStream *st)
{
    cycaudio_stream_catch_up(st);
    cycaudio_update_irq(s);
    st->frames_latch = st->total_frames >> 32;
    return (uint32_t)st->total_frames;
}

static uint32_t cycaudio_get_pcount(CycAudioState *s, CycAudioStream *st)
{
    cycaudio_stream_catch_up(st);
    cycaudio_update_irq(s);
    return (uint32_t)st->periods;
}

static uint32_t cycaudio_get_sgcur(CycAudioState *s, CycAudioStream *st)
{
    cycaudio_stream_catch_up(st);
    cycaudio_update_irq(s);
    return st->sg.cur;
}

static uint32_t cycaudio_get_sgpos(CycAudioState *s, CycAudioStream *st)
{
    cycaudio_stream_catch_up(st);
    cycaudio_update_irq(s);
    return st->sg.off;
}

/*
 * SGLVI moves the end of the valid descriptors while the stream runs: the
 * frames due so far move under the old value, the new one applies from now
 * (a starved ring resumes at the next frame). Stored only otherwise.
 */
static void cycaudio_set_sglvi(CycAudioState *s, CycAudioStream *st,
                               uint32_t val, uint32_t old)
{
    if (st->state == CYC_STATE_STOP || !cycaudio_sg_mode(st)) {
        return;
    }
    st->sglvi = old;
    cycaudio_stream_catch_up(st);
    st->sglvi = val;
    if (st->state == CYC_STATE_STOP) {
        return;
    }
    if (!cycaudio_sg_lvi_valid(st, val)) {
        cycaudio_stream_error(st, CYC_STS_DMAERR_MASK, CYC_ERR_SG_RING);
        return;
    }
    if (st->state == CYC_STATE_RUN) {
        cycaudio_stream_arm(st);
    }
    cycaudio_update_irq(s);
}

static uint32_t cycaudio_get_zero(CycAudioState *s, CycAudioStream *st)
{
    return 0;
}

#define CYC_GREG(off, fld, ...) \
    { .name = #off, .offset = (off), .stored = true, \
      .field = offsetof(CycAudioState, fld), __VA_ARGS__ }
#define CYC_GREG_RO(off, rd) \
    { .name = #off, .offset = (off), .rhandler = (rd) }

static const CycAudioReg cycaudio_regtab[] = {
    CYC_GREG_RO(CYC_REG_ID, cycaudio_get_id),
    CYC_GREG_RO(CYC_REG_VERSION, cycaudio_get_version),
    CYC_GREG_RO(CYC_REG_CAPS, cycaudio_get_caps),
    CYC_GREG_RO(CYC_REG_FIFOSZ, cycaudio_get_fifosz),
    { .name = "CYC_REG_GCTL", .offset = CYC_REG_GCTL,
      .rhandler = cycaudio_get_zero, .whandler = cycaudio_set_gctl },
    CYC_GREG(CYC_REG_INTCTL, intctl,
             .wmask = CYC_INTCTL_SIE_MASK | CYC_INTCTL_MIDI_MASK |
                      CYC_INTCTL_SEQ_MASK | CYC_INTCTL_GIE_MASK,
             .whandler = cycaudio_set_irq_regs),
    CYC_GREG_RO(CYC_REG_INTSTS, cycaudio_get_intsts),
    CYC_GREG_RO(CYC_REG_WALL_LO, cycaudio_get_wall_lo),
    CYC_GREG(CYC_REG_WALL_HI, wall_latch),
    CYC_GREG(CYC_REG_MASTER, master,
             .wmask = CYC_VOL_ATT_MASK | CYC_VOL_MUTE_MASK),
    CYC_GREG(CYC_REG_GEN_CTL, gen_ctl, .reset = CYC_GEN_MODE_SINE,
             .wmask = CYC_GEN_CTL_MODE_MASK),
    CYC_GREG(CYC_REG_GEN_FREQ, gen_freq, .reset = CYC_GEN_FREQ_RESET,
             .wmask = CYC_GEN_FREQ_HZ_MASK, .max = CYC_GEN_FREQ_MAX),
    CYC_GREG(CYC_REG_POSWB_LO, poswb_lo, .wmask = UINT32_MAX),
    CYC_GREG(CYC_REG_POSWB_HI, poswb_hi, .wmask = UINT32_MAX),
};

#define CYC_SREG(off, fld, ...) \
    { .name = #off, .offset = (off), .stored = true, \
      .field = offsetof(CycAudioStream, fld), __VA_ARGS__ }
#define CYC_SREG_RO(off, rd) \
    { .name = #off, .offset = (off), .rhandler = (rd) }

static const CycAudioReg cycaudio_stream_regtab[] = {
    CYC_SREG(CYC_SD_CTL, ctl,
             .wmask = CYC_CTL_PIE_MASK | CYC_CTL_EIE_MASK | CYC_CTL_XIE_MASK |
                      CYC_CTL_UIE_MASK | CYC_CTL_MODE_MASK |
                      CYC_CTL_POSWB_MASK,
             .rhandler = cycaudio_get_ctl, .whandler = cycaudio_set_ctl),
    CYC_SREG(CYC_SD_STS, sts, .wclear = CYC_STS_W1C_MASK,
             .rhandler = cycaudio_get_sts, .whandler = cycaudio_set_irq_regs),
    CYC_SREG(CYC_SD_FMT, fmt,
             .wmask = CYC_FMT_RATE_MASK | CYC_FMT_CHANNELS_MASK |
                      CYC_FMT_SFMT_MASK,
             .whandler = cycaudio_set_fmt),
    CYC_SREG(CYC_SD_ERR, err),
    CYC_SREG(CYC_SD_BUF_LO, buf_lo, .wmask = UINT32_MAX),
    CYC_SREG(CYC_SD_BUF_HI, buf_hi, .wmask = UINT32_MAX),
    CYC_SREG(CYC_SD_BSIZE, bsize, .wmask = UINT32_MAX),
    CYC_SREG(CYC_SD_PSIZE, psize, .wmask = UINT32_MAX),
    CYC_SREG_RO(CYC_SD_POS, cycaudio_get_pos),
    CYC_SREG(CYC_SD_VOL, vol, .wmask = CYC_VOL_ATT_MASK | CYC_VOL_MUTE_MASK),
    CYC_SREG_RO(CYC_SD_FRAMES_LO, cycaudio_get_frames_lo),
    CYC_SREG(CYC_SD_FRAMES_HI, frames_latch),
    CYC_SREG(CYC_SD_OVERRUNS, overruns),
    CYC_SREG(CYC_SD_SRC, src,
             .wmask = CYC_SRC_SEL_MASK | CYC_SRC_LOOP_MASK | CYC_SRC_MIX_MASK,
             .capture_only = true),
    CYC_SREG_RO(CYC_SD_PCOUNT, cycaudio_get_pcount),
    CYC_SREG(CYC_SD_SGCOUNT, sgcount, .wmask = UINT32_MAX),
    CYC_SREG_RO(CYC_SD_SGCUR, cycaudio_get_sgcur),
    CYC_SREG(CYC_SD_SGLVI, sglvi, .wmask = UINT32_MAX,
             .whandler = cycaudio_set_sglvi),
    CYC_SREG_RO(CYC_SD_SGPOS, cycaudio_get_sgpos),
    CYC_SREG(CYC_SD_SOFF, soff, .wmask = UINT32_MAX),
};

/* ---- dispatch ------------------------------------------------------------ */

static const CycAudioReg *cycaudio_find(const CycAudioReg *tab, size_t n,
                                        uint32_t offset)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (tab[i].offset == offset) {
            return &tab[i];
        }
    }
    return NULL;
}

/* Resolves addr to a row and the stream it belongs to (NULL for globals). */
static const CycAudioReg *cycaudio_decode(CycAudioState *s, hwaddr addr,
                                          CycAudioStream **pst)
{
    const CycAudioReg *reg;
    CycAudioStream *st;

    *pst = NULL;
    if (addr < CYC_GLOBAL_END) {
        return cycaudio_find(cycaudio_regtab, ARRAY_SIZE(cycaudio_regtab),
                             addr);
    }
    if (addr >= CYC_STREAM_END) {
        return NULL;
    }
    st = &s->st[(addr - CYC_STREAM_BASE) / CYC_STREAM_STRIDE];
    reg = cycaudio_find(cycaudio_stream_regtab,
                        ARRAY_SIZE(cycaudio_stream_regtab),
                        (addr - CYC_STREAM_BASE) % CYC_STREAM_STRIDE);
    if (!st->present || (reg && reg->capture_only && !st->capture)) {
        return NULL;
    }
    *pst = st;
    return reg;
}

static uint32_t *cycaudio_reg_image(CycAudioState *s, CycAudioStream *st,
                                    const CycAudioReg *reg)
{
    uint8_t *base = st ? (uint8_t *)st : (uint8_t *)s;

    return (uint32_t *)(base + reg->field);
}

static uint32_t cycaudio_reg_clamp(const CycAudioReg *reg, uint32_t val)
{
    return reg->max && val > reg->max ? reg->max : val;
}

/* Images of a table's rows (st NULL: the globals) back to their reset value. */
static void cycaudio_regs_reset(CycAudioState *s, CycAudioStream *st,
                                const CycAudioReg *tab, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (tab[i].stored) {
            *cycaudio_reg_image(s, st, &tab[i]) = tab[i].reset;
        }
    }
}

/*
 * A migrated image may hold any bits: keep what a write could have stored
 * (wmask, and the W1C bits an event sets). Read-only images are counters or
 * latches the engine owns and need no mask.
 */
static void cycaudio_regs_post_load(CycAudioState *s, CycAudioStream *st,
                                    const CycAudioReg *tab, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        uint32_t keep = tab[i].wmask | tab[i].wclear;
        uint32_t *p;

        if (tab[i].stored && keep) {
            p = cycaudio_reg_image(s, st, &tab[i]);
            *p = cycaudio_reg_clamp(&tab[i], *p & keep);
        }
    }
}

static uint64_t cycaudio_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    CycAudioState *s = opaque;
    CycAudioStream *st;
    const CycAudioReg *reg;
    uint32_t val = 0;

    if (s->in_engine) {
        qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: re-entrant read at 0x%"
                      HWADDR_PRIx " ignored\n", addr);
        return 0;
    }
    if (cycaudio_pm_blocks(s, addr, false)) {
        return CYC_PM_OFF_READ;
    }
    if (cycaudio_midi_decode(addr)) {
        val = cycaudio_midi_mmio_read(s, addr);
        trace_cycaudio_mmio_read(UINT32_MAX, addr, val,
                                 qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        return val;
    }
    if (cycaudio_seq_decode(addr)) {
        val = cycaudio_seq_mmio_read(s, addr);
        trace_cycaudio_mmio_read(UINT32_MAX, addr, val,
                                 qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        return val;
    }
    reg = cycaudio_decode(s, addr, &st);
    if (!reg) {
        qemu_log_mask(addr >= CYC_MIDI_BASE ? LOG_UNIMP : LOG_GUEST_ERROR,
                      "cycaudio: read of absent register 0x%" HWADDR_PRIx "\n",
                      addr);
    } else if (reg->rhandler) {
        val = reg->rhandler(s, st);
    } else {
        val = *cycaudio_reg_image(s, st, reg);
    }
    trace_cycaudio_mmio_read(st ? st->id : UINT32_MAX, addr, val,
                             qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    return val;
}

static void cycaudio_mmio_write(void *opaque, hwaddr addr, uint64_t data,
                                unsigned size)
{
    CycAudioState *s = opaque;
    CycAudioStream *st;
    const CycAudioReg *reg;
    uint32_t val = data;
    uint32_t old = 0;

    if (s->in_engine) {
        qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: re-entrant write at 0x%"
                      HWADDR_PRIx " ignored\n", addr);
        return;
    }
    if (cycaudio_pm_blocks(s, addr, true)) {
        return;
    }
    if (cycaudio_midi_decode(addr)) {
        trace_cycaudio_mmio_write(UINT32_MAX, addr, val,
                                  qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        cycaudio_midi_mmio_write(s, addr, val);
        return;
    }
    if (cycaudio_seq_decode(addr)) {
        trace_cycaudio_mmio_write(UINT32_MAX, addr, val,
                                  qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
        cycaudio_seq_mmio_write(s, addr, val);
        return;
    }
    reg = cycaudio_decode(s, addr, &st);
    trace_cycaudio_mmio_write(st ? st->id : UINT32_MAX, addr, val,
                              qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    if (!reg || (!reg->wmask && !reg->wclear && !reg->whandler)) {
        qemu_log_mask(addr >= CYC_MIDI_BASE ? LOG_UNIMP : LOG_GUEST_ERROR,
                      "cycaudio: write to absent or read-only register 0x%"
                      HWADDR_PRIx "\n", addr);
        return;
    }
    if (reg->stored) {
        uint32_t *p = cycaudio_reg_image(s, st, reg);

        old = *p;
        *p = cycaudio_reg_clamp(reg, (old & ~reg->wmask) | (val & reg->wmask));
        *p &= ~(val & reg->wclear);
    }
    if (reg->whandler) {
        reg->whandler(s, st, val, old);
    }
}

static const MemoryRegionOps cycaudio_mmio_ops = {
    .read = cycaudio_mmio_read,
    .write = cycaudio_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
    .impl = {
        .min_access_size = 4,
        .max_access_size = 4,
    },
};

/* ---- reset --------------------------------------------------------------- */

/* SRST: the engine stops without draining, the registers from the table. */
static void cycaudio_reset_stream(CycAudioStream *st)
{
    cycaudio_stream_reset(st);
    cycaudio_regs_reset(st->s, st, cycaudio_stream_regtab,
                        ARRAY_SIZE(cycaudio_stream_regtab));
}

void cycaudio_reset_state(CycAudioState *s)
{
    uint32_t i;

    for (i = 0; i < CYC_MAX_STREAMS; i++) {
        cycaudio_reset_stream(&s->st[i]);
    }
    cycaudio_regs_reset(s, NULL, cycaudio_regtab, ARRAY_SIZE(cycaudio_regtab));
    cycaudio_midi_reset(s);
    cycaudio_seq_reset(s);
    s->wall_base_ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    s->irq_pending = 0;
    cycaudio_update_irq(s);
}

static void cycaudio_reset(DeviceState *dev)
{
    CycAudioState *s = CYCAUDIO(dev);

    trace_cycaudio_reset(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    cycaudio_reset_state(s);
}

/* ---- realize / exit ------------------------------------------------------ */

static bool cycaudio_check_props(CycAudioState *s, Error **errp)
{
    if (s->render_streams > CYC_MAX_RENDER ||
        s->capture_streams > CYC_MAX_CAPTURE) {
        error_setg(errp, "cycaudio: render-streams must be 0..%u and "
                   "capture-streams 0..%u", CYC_MAX_RENDER, CYC_MAX_CAPTURE);
        return false;
    }
    if (s->fifo_frames < CYC_FIFO_FRAMES_MIN ||
        s->fifo_frames > CYC_FIFO_FRAMES_MAX) {
        error_setg(errp, "cycaudio: fifo-frames must be %u..%u",
                   CYC_FIFO_FRAMES_MIN, CYC_FIFO_FRAMES_MAX);
        return false;
    }
    if (s->dump_path && *s->dump_path &&
        s->dump_stream >= s->render_streams) {
        error_setg(errp, "cycaudio: dump-stream %u is not a render stream",
                   s->dump_stream);
        return false;
    }
    return true;
}

static bool cycaudio_init_msi(CycAudioState *s, Error **errp)
{
    Error *err = NULL;
    int ret;

    if (s->msi == ON_OFF_AUTO_OFF) {
        return true;
    }
    ret = msi_init(PCI_DEVICE(s), 0, 1, true, false, &err);
    if (ret && (ret != -ENOTSUP || s->msi == ON_OFF_AUTO_ON)) {
        error_propagate(errp, err);
        return false;
    }
    /* msi=auto on a board without working MSI: INTx only. */
    error_free(err);
    return true;
}

static void cycaudio_realize(PCIDevice *pdev, Error **errp)
{
    CycAudioState *s = CYCAUDIO(pdev);
    uint32_t i;

    s->dump_fd = -1;
    if (!cycaudio_check_props(s, errp) || !cycaudio_init_msi(s, errp)) {
        return;
    }
    if (!cycaudio_pm_init(s, errp)) {
        msi_uninit(pdev);
        return;
    }
    if (!cycaudio_dump_open(s, errp)) {
        msi_uninit(pdev);
        return;
    }
    pci_config_set_interrupt_pin(pdev->config, 1);
    memory_region_init_io(&s->mmio, OBJECT(s), &cycaudio_mmio_ops, s,
                          "cycaudio-mmio", CYC_BAR0_SIZE);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->mmio);
    memory_region_init_io(&s->mpu, OBJECT(s), &cycaudio_mpu_ops, s,
                          "cycaudio-mpu401", CYC_MPU_BAR_SIZE);
    pci_register_bar(pdev, CYC_MPU_BAR, PCI_BASE_ADDRESS_SPACE_IO, &s->mpu);
    for (i = 0; i <= CYC_ATT_MAX; i++) {
        s->gain[i] = cyc_vol_gain_q16(i);
    }
    for (i = 0; i < CYC_MAX_STREAMS; i++) {
        cycaudio_stream_init(s, &s->st[i], i);
    }
    cycaudio_midi_init(s);
    cycaudio_seq_init(s);
    AUD_register_card(TYPE_CYCAUDIO, &s->card);
}

static void cycaudio_exit(PCIDevice *pdev)
{
    CycAudioState *s = CYCAUDIO(pdev);
    uint32_t i;

    for (i = 0; i < CYC_MAX_STREAMS; i++) {
        cycaudio_stream_exit(&s->st[i]);
    }
    cycaudio_midi_exit(s);
    cycaudio_seq_exit(s);
    cycaudio_dump_close(s);
    AUD_remove_card(&s->card);
    msi_uninit(pdev);
}

/* ---- migration ----------------------------------------------------------- */

static int cycaudio_post_load(void *opaque, int version_id)
{
    CycAudioState *s = opaque;
    uint32_t i;

    for (i = 0; i < CYC_MAX_STREAMS; i++) {
        CycAudioStream *st = &s->st[i];

        cycaudio_regs_post_load(s, st, cycaudio_stream_regtab,
                                ARRAY_SIZE(cycaudio_stream_regtab));
        if (cycaudio_stream_post_load(st) < 0) {
            trace_cycaudio_post_load(i, -EINVAL);
            return -EINVAL;
        }
    }
    cycaudio_regs_post_load(s, NULL, cycaudio_regtab,
                            ARRAY_SIZE(cycaudio_regtab));
    trace_cycaudio_post_load(UINT32_MAX, 0);
    cycaudio_update_irq(s);
    return 0;
}

static const VMStateDescription vmstate_cycaudio_fifo = {
    .name = "cycaudio-fifo",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32_EQUAL(size, CycAudioFifo, NULL),
        VMSTATE_UINT32(cap, CycAudioFifo),
        VMSTATE_UINT32(rd, CycAudioFifo),
        VMSTATE_UINT32(level, CycAudioFifo),
        VMSTATE_VBUFFER_UINT32(buf, CycAudioFifo, 1, NULL, size),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_cycaudio_stream = {
    .name = "cycaudio-stream",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(ctl, CycAudioStream),
        VMSTATE_UINT32(sts, CycAudioStream),
        VMSTATE_UINT32(fmt, CycAudioStream),
        VMSTATE_UINT32(err, CycAudioStream),
        VMSTATE_UINT32(buf_lo, CycAudioStream),
        VMSTATE_UINT32(buf_hi, CycAudioStream),
        VMSTATE_UINT32(bsize, CycAudioStream),
        VMSTATE_UINT32(psize, CycAudioStream),
        VMSTATE_UINT32(vol, CycAudioStream),
        VMSTATE_UINT32(src, CycAudioStream),
        VMSTATE_UINT32(sgcount, CycAudioStream),
        VMSTATE_UINT32(frames_latch, CycAudioStream),
        VMSTATE_UINT32(overruns, CycAudioStream),
        VMSTATE_UINT32(state, CycAudioStream),
        VMSTATE_UINT64(cfg.addr, CycAudioStream),
        VMSTATE_UINT32(cfg.bsize, CycAudioStream),
        VMSTATE_UINT32(cfg.psize, CycAudioStream),
        VMSTATE_UINT32(cfg.fmt, CycAudioStream),
        VMSTATE_UINT32(cfg.src, CycAudioStream),
        VMSTATE_INT64(start_ns, CycAudioStream),
        VMSTATE_UINT64(base_frames, CycAudioStream),
        VMSTATE_UINT64(run_frames, CycAudioStream),
        VMSTATE_UINT64(total_frames, CycAudioStream),
        VMSTATE_UINT64(periods, CycAudioStream),
        VMSTATE_TIMER(timer, CycAudioStream),
        VMSTATE_BOOL(draining, CycAudioStream),
        VMSTATE_STRUCT(fifo, CycAudioStream, 1, vmstate_cycaudio_fifo,
                       CycAudioFifo),
        VMSTATE_UINT32(loop_mask, CycAudioStream),
        VMSTATE_UINT32(loop_live, CycAudioStream),
        VMSTATE_STRUCT_ARRAY(lq, CycAudioStream, CYC_MAX_RENDER, 1,
                             vmstate_cycaudio_fifo, CycAudioFifo),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * []) {
        &vmstate_cycaudio_sg,
        &vmstate_cycaudio_soff,
        NULL
    },
};

static const VMStateDescription vmstate_cycaudio = {
    .name = TYPE_CYCAUDIO,
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = cycaudio_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, CycAudioState),
        VMSTATE_UINT32_EQUAL(render_streams, CycAudioState, NULL),
        VMSTATE_UINT32_EQUAL(capture_streams, CycAudioState, NULL),
        VMSTATE_UINT32(intctl, CycAudioState),
        VMSTATE_UINT32(master, CycAudioState),
        VMSTATE_UINT32(gen_ctl, CycAudioState),
        VMSTATE_UINT32(gen_freq, CycAudioState),
        VMSTATE_UINT32(poswb_lo, CycAudioState),
        VMSTATE_UINT32(poswb_hi, CycAudioState),
        VMSTATE_UINT32(wall_latch, CycAudioState),
        VMSTATE_INT64(wall_base_ns, CycAudioState),
        VMSTATE_UINT32(irq_pending, CycAudioState),
        VMSTATE_BOOL(irq_level, CycAudioState),
        VMSTATE_STRUCT_ARRAY(st, CycAudioState, CYC_MAX_STREAMS, 1,
                             vmstate_cycaudio_stream, CycAudioStream),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * []) {
        &vmstate_cycaudio_midi,
        &vmstate_cycaudio_seq,
        NULL
    },
};

/* ---- properties and type ------------------------------------------------- */

static Property cycaudio_properties[] = {
    DEFINE_AUDIO_PROPERTIES(CycAudioState, card),
    DEFINE_PROP_UINT32("render-streams", CycAudioState, render_streams, 2),
    DEFINE_PROP_UINT32("capture-streams", CycAudioState, capture_streams, 2),
    DEFINE_PROP_UINT32("fifo-frames", CycAudioState, fifo_frames,
                       CYC_FIFO_FRAMES_DEFAULT),
    DEFINE_PROP_STRING("dump", CycAudioState, dump_path),
    DEFINE_PROP_UINT32("dump-stream", CycAudioState, dump_stream, 0),
    DEFINE_PROP_ON_OFF_AUTO("msi", CycAudioState, msi, ON_OFF_AUTO_AUTO),
    DEFINE_PROP_CHR("midi", CycAudioState, midi_chr),
    DEFINE_PROP_END_OF_LIST(),
};

static void cycaudio_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = cycaudio_realize;
    k->exit = cycaudio_exit;
    k->config_write = cycaudio_config_write;
    k->vendor_id = CYC_PCI_VENDOR_ID;
    k->device_id = CYC_PCI_DEVICE_ID;
    k->revision = CYC_PCI_REVISION;
    k->class_id = CYC_PCI_CLASS;
    dc->desc = "cycaudio cyclic-DMA audio controller";
    dc->reset = cycaudio_reset;
    dc->vmsd = &vmstate_cycaudio;
    device_class_set_props(dc, cycaudio_properties);
    set_bit(DEVICE_CATEGORY_SOUND, dc->categories);
}

static const TypeInfo cycaudio_info = {
    .name = TYPE_CYCAUDIO,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(CycAudioState),
    .class_init = cycaudio_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_CONVENTIONAL_PCI_DEVICE },
        { },
    },
};

static void cycaudio_register_types(void)
{
    type_register_static(&cycaudio_info);
}

type_init(cycaudio_register_types)
