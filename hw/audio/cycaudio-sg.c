/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio scatter-gather mode (CTL.MODE = SG, WavePci): a ring of
 * descriptors the driver extends while the stream runs by moving SGLVI. The
 * stream engine (cycaudio-stream.c) keeps the clock and calls one step at a
 * time; this file decides where each frame comes from or goes to. Rule: a
 * descriptor is read and checked when its first frame is due and copied
 * then, so a ring the guest rewrites can only feed checked addresses.
 * Programming model: docs/cycaudio.rst "Scatter-gather mode".
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/range.h"
#include "qemu/bswap.h"
#include "sysemu/dma.h"
#include "migration/vmstate.h"
#include "cycaudio-state.h"
#include "trace.h"

static const MemTxAttrs cycaudio_sg_attrs = { .memory = 1 };

static int64_t cycaudio_sg_now(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

/* The valid descriptors are cur..SGLVI; none when SGLVI + 1 == cur. */
static bool cycaudio_sg_ring_empty(CycAudioStream *st)
{
    return st->sglvi >= st->sg.count ||
           (st->sglvi + 1) % st->sg.count == st->sg.cur;
}

static bool cycaudio_sg_overlaps_bar(CycAudioStream *st, uint64_t addr,
                                     uint64_t len)
{
    pcibus_t bar = pci_get_bar_addr(PCI_DEVICE(st->s), 0);

    return bar != PCI_BAR_UNMAPPED &&
           ranges_overlap(addr, len, bar, CYC_BAR0_SIZE);
}

/*
 * START checks of the ring, after the format and mode: the ring itself, then
 * its address as a cyclic buffer's. A migrated stream keeps the ring it
 * latched (SGCOUNT may have changed since).
 */
bool cycaudio_sg_config_check(CycAudioStream *st, const CycAudioConfig *cfg,
                              bool migrated, uint32_t *code)
{
    uint32_t count = migrated ? st->sg.count : st->sgcount;
    uint64_t len = (uint64_t)count * CYC_SG_DESC_SIZE;

    if (migrated && st->state == CYC_STATE_STOP) {
        /* A draining stream no longer reads its ring. */
        return true;
    }
    if (count < CYC_SG_MIN_DESC || count > CYC_SG_MAX_DESC ||
        cfg->addr % CYC_SG_RING_ALIGN || (!migrated && st->sglvi >= count)) {
        *code = CYC_ERR_SG_RING;
        return false;
    }
    if (cfg->addr + len < cfg->addr) {
        *code = CYC_ERR_ADDR_INVALID;
        return false;
    }
    if (!migrated && cycaudio_sg_overlaps_bar(st, cfg->addr, len)) {
        *code = CYC_ERR_ADDR_SELF;
        return false;
    }
    if (!cycaudio_range_is_ram(PCI_DEVICE(st->s), cfg->addr, len, false)) {
        *code = CYC_ERR_ADDR_INVALID;
        return false;
    }
    return true;
}

void cycaudio_sg_reset(CycAudioStream *st)
{
    memset(&st->sg, 0, sizeof(st->sg));
}

bool cycaudio_sg_start(CycAudioStream *st)
{
    cycaudio_sg_reset(st);
    st->sg.count = st->sgcount;
    return true;
}

/*
 * Reads and checks descriptor cur; on success it is the current one.
 * Returns CYC_ERR_NONE or the error that stops the stream.
 */
static uint32_t cycaudio_sg_load(CycAudioStream *st)
{
    CycAudioSg *sg = &st->sg;
    uint32_t fb = cycaudio_frame_bytes(st->cfg.fmt);
    dma_addr_t at = st->cfg.addr + (uint64_t)sg->cur * CYC_SG_DESC_SIZE;
    uint8_t d[CYC_SG_DESC_SIZE];
    uint64_t addr;
    uint32_t len, flags;
    MemTxResult r;

    r = pci_dma_rw(PCI_DEVICE(st->s), at, d, sizeof(d),
                   DMA_DIRECTION_TO_DEVICE, cycaudio_sg_attrs);
    if (r != MEMTX_OK) {
        return CYC_ERR_SG_RING_FAULT;
    }
    addr = ldq_le_p(d + CYC_SG_DESC_ADDR);
    len = ldl_le_p(d + CYC_SG_DESC_LEN);
    flags = ldl_le_p(d + CYC_SG_DESC_FLAGS);
    trace_cycaudio_sg_desc(st->id, sg->cur, addr, len, flags,
                           cycaudio_sg_now());
    if (!len || len > CYC_SG_DESC_LEN_MAX || len % fb) {
        return CYC_ERR_SG_DESC_LEN;
    }
    if (addr + len < addr) {
        return CYC_ERR_SG_DESC_ADDR;
    }
    if (cycaudio_sg_overlaps_bar(st, addr, len)) {
        return CYC_ERR_SG_DESC_SELF;
    }
    if (!cycaudio_range_is_ram(PCI_DEVICE(st->s), addr, len, st->capture)) {
        return CYC_ERR_SG_DESC_ADDR;
    }
    sg->daddr = addr;
    sg->dlen = len;
    sg->dflags = flags;
    sg->off = 0;
    sg->loaded = true;
    sg->starved = false;
    return CYC_ERR_NONE;
}

/* Frames of silence (render) or discarded frames (capture): the ring is empty. */
static void cycaudio_sg_starve(CycAudioStream *st, uint32_t n)
{
    CycAudioState *s = st->s;
    uint32_t fb = cycaudio_frame_bytes(st->cfg.fmt);

    if (!st->sg.starved) {
        st->sg.starved = true;
        trace_cycaudio_sg_underrun(st->id, st->sg.cur, st->run_frames,
                                   cycaudio_sg_now());
        cycaudio_stream_raise(st, CYC_STS_UNDERRUN_MASK);
    }
    if (st->capture) {
        /* Produced and dropped: a generator stays a function of time. */
        cycaudio_capture_frames(st, n, st->run_frames);
        return;
    }
    memset(s->bounce, (uint8_t)cyc_sfmt_silence(cycaudio_fmt_sfmt(st->cfg.fmt)),
           (size_t)n * fb);
    cycaudio_render_frames(st, n);
}

/* The current descriptor's last frame moved: count it, IOC, next index. */
static void cycaudio_sg_complete(CycAudioStream *st)
{
    CycAudioSg *sg = &st->sg;

    st->periods++;
    trace_cycaudio_sg_complete(st->id, sg->cur, st->periods, st->run_frames,
                               cycaudio_sg_now());
    sg->cur = (sg->cur + 1) % sg->count;
    sg->off = 0;
    sg->loaded = false;
    if (sg->dflags & CYC_SG_FLAGS_IOC_MASK) {
        cycaudio_stream_raise(st, CYC_STS_PERIOD_MASK);
    }
}

uint32_t cycaudio_sg_step(CycAudioStream *st, uint64_t want, uint32_t *moved)
{
    CycAudioState *s = st->s;
    CycAudioSg *sg = &st->sg;
    uint32_t fb = cycaudio_frame_bytes(st->cfg.fmt);
    uint32_t n, bytes, code;
    dma_addr_t addr;
    MemTxResult r;

    if (!sg->loaded) {
        if (cycaudio_sg_ring_empty(st)) {
            n = MIN(want, CYC_BOUNCE_BYTES / fb);
            cycaudio_sg_starve(st, n);
            *moved = n;
            return CYC_ERR_NONE;
        }
        code = cycaudio_sg_load(st);
        if (code != CYC_ERR_NONE) {
            return code;
        }
    }
    n = MIN(MIN(want, (sg->dlen - sg->off) / fb), CYC_BOUNCE_BYTES / fb);
    bytes = n * fb;
    addr = sg->daddr + sg->off;
    if (st->capture) {
        cycaudio_capture_frames(st, n, st->run_frames);
        r = pci_dma_rw(PCI_DEVICE(s), addr, s->bounce, bytes,
                       DMA_DIRECTION_FROM_DEVICE, cycaudio_sg_attrs);
    } else {
        r = pci_dma_rw(PCI_DEVICE(s), addr, s->bounce, bytes,
                       DMA_DIRECTION_TO_DEVICE, cycaudio_sg_attrs);
    }
    trace_cycaudio_stream_dma(st->id, addr, bytes, r, cycaudio_sg_now());
    if (r != MEMTX_OK) {
        return CYC_ERR_DMA_FAULT;
    }
    if (!st->capture) {
        cycaudio_render_frames(st, n);
    }
    sg->off += bytes;
    sg->data_frames += n;
    *moved = n;
    if (sg->off == sg->dlen) {
        cycaudio_sg_complete(st);
    }
    return CYC_ERR_NONE;
}

/*
 * The engine wakes at the end of every descriptor (its IOC is exact) and at
 * the first frame of a descriptor appended to a ring that ran empty.
 */
uint64_t cycaudio_sg_next_event(CycAudioStream *st)
{
    uint32_t fb = cycaudio_frame_bytes(st->cfg.fmt);

    if (st->sg.loaded) {
        return (st->sg.dlen - st->sg.off) / fb;
    }
    return cycaudio_sg_ring_empty(st) ? UINT32_MAX : 1;
}

/* POS: data bytes moved since START, mod 2^32 (silence not counted). */
uint32_t cycaudio_sg_pos(CycAudioStream *st)
{
    return (uint32_t)(st->sg.data_frames * cycaudio_frame_bytes(st->cfg.fmt));
}

uint32_t cycaudio_sg_cur(CycAudioStream *st)
{
    cycaudio_stream_catch_up(st);
    return st->sg.cur;
}

uint32_t cycaudio_sg_off(CycAudioStream *st)
{
    cycaudio_stream_catch_up(st);
    return st->sg.off;
}

/*
 * SGLVI moves while the stream runs: the frames due so far are moved under
 * the old value, then the new one applies from this instant; a ring that ran
 * empty resumes at the next frame.
 */
void cycaudio_sg_set_lvi(CycAudioStream *st, uint32_t val, uint32_t old)
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
    trace_cycaudio_sg_lvi(st->id, val, st->sg.cur, cycaudio_sg_now());
    if (val >= st->sg.count) {
        cycaudio_stream_error(st, CYC_STS_DMAERR_MASK, CYC_ERR_SG_RING);
        return;
    }
    if (st->state == CYC_STATE_RUN) {
        cycaudio_stream_arm(st);
    }
}

/* A migrated ring position: inside the ring, on a frame, inside its copy. */
bool cycaudio_sg_post_load(CycAudioStream *st)
{
    CycAudioSg *sg = &st->sg;
    uint32_t fb = cycaudio_frame_bytes(st->cfg.fmt);

    if (st->state == CYC_STATE_STOP) {
        return true;
    }
    if (sg->count < CYC_SG_MIN_DESC || sg->count > CYC_SG_MAX_DESC ||
        sg->cur >= sg->count || sg->data_frames > st->run_frames ||
        (sg->loaded && sg->starved)) {
        return false;
    }
    if (!sg->loaded) {
        return sg->off == 0;
    }
    return sg->dlen && sg->dlen <= CYC_SG_DESC_LEN_MAX && !(sg->dlen % fb) &&
           sg->off < sg->dlen && !(sg->off % fb) &&
           sg->daddr + sg->dlen >= sg->daddr;
}

static bool cycaudio_sg_needed(void *opaque)
{
    CycAudioStream *st = opaque;

    return st->cfg.mode != CYC_MODE_CYCLIC || st->sglvi;
}

const VMStateDescription vmstate_cycaudio_sg = {
    .name = "cycaudio-stream/sg",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = cycaudio_sg_needed,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(sglvi, CycAudioStream),
        VMSTATE_UINT32(cfg.mode, CycAudioStream),
        VMSTATE_UINT32(sg.count, CycAudioStream),
        VMSTATE_UINT32(sg.cur, CycAudioStream),
        VMSTATE_UINT32(sg.off, CycAudioStream),
        VMSTATE_BOOL(sg.loaded, CycAudioStream),
        VMSTATE_BOOL(sg.starved, CycAudioStream),
        VMSTATE_UINT64(sg.daddr, CycAudioStream),
        VMSTATE_UINT32(sg.dlen, CycAudioStream),
        VMSTATE_UINT32(sg.dflags, CycAudioStream),
        VMSTATE_UINT64(sg.data_frames, CycAudioStream),
        VMSTATE_END_OF_LIST()
    },
};
