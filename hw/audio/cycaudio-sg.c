/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio scatter-gather mode (CTL.MODE = SG, WavePci): a ring of
 * descriptors the driver extends while the stream runs by moving SGLVI. The
 * stream engine (cycaudio-stream.c) keeps the clock and moves the frames;
 * this file, below it, says where each step's frames come from or go to
 * and keeps the ring position. Rule: a
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
                   DMA_DIRECTION_TO_DEVICE, cycaudio_mem_attrs);
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

/*
 * The current descriptor's last frame moved: count it, next index; STS.PERIOD
 * if it asked for an interrupt (IOC).
 */
static uint32_t cycaudio_sg_complete(CycAudioStream *st)
{
    CycAudioSg *sg = &st->sg;

    st->periods++;
    trace_cycaudio_sg_complete(st->id, sg->cur, st->periods, st->run_frames,
                               cycaudio_sg_now());
    sg->cur = (sg->cur + 1) % sg->count;
    sg->off = 0;
    sg->loaded = false;
    return sg->dflags & CYC_SG_FLAGS_IOC_MASK ? CYC_STS_PERIOD_MASK : 0;
}

uint32_t cycaudio_sg_next(CycAudioStream *st, uint64_t want, uint32_t max,
                          dma_addr_t *addr, uint32_t *n, bool *silence,
                          uint32_t *sts)
{
    CycAudioSg *sg = &st->sg;
    uint32_t fb = cycaudio_frame_bytes(st->cfg.fmt);
    uint32_t code;

    *sts = 0;
    *silence = false;
    if (!sg->loaded) {
        if (cycaudio_sg_ring_empty(st)) {
            if (!sg->starved) {
                sg->starved = true;
                trace_cycaudio_sg_underrun(st->id, sg->cur, st->run_frames,
                                           cycaudio_sg_now());
                *sts = CYC_STS_UNDERRUN_MASK;
            }
            *silence = true;
            *n = MIN(want, max);
            return CYC_ERR_NONE;
        }
        code = cycaudio_sg_load(st);
        if (code != CYC_ERR_NONE) {
            return code;
        }
    }
    *addr = sg->daddr + sg->off;
    *n = MIN(MIN(want, (sg->dlen - sg->off) / fb), max);
    return CYC_ERR_NONE;
}

uint32_t cycaudio_sg_advance(CycAudioStream *st, uint32_t n)
{
    CycAudioSg *sg = &st->sg;

    sg->off += n * cycaudio_frame_bytes(st->cfg.fmt);
    sg->data_frames += n;
    return sg->off == sg->dlen ? cycaudio_sg_complete(st) : 0;
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

/* SGLVI past the latched ring is an error while the stream runs. */
bool cycaudio_sg_lvi_valid(CycAudioStream *st, uint32_t val)
{
    trace_cycaudio_sg_lvi(st->id, val, st->sg.cur, cycaudio_sg_now());
    return val < st->sg.count;
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
