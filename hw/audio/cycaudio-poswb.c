/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio position write-back (CTL.POSWB, ABI 1.2): the 16-byte record a
 * WaveRT miniport reads instead of the POS register. Programming model:
 * docs/cycaudio.rst "Position write-back". The record is a pure function of
 * the stream's transferred frames, so it is exact on the virtual clock.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bitops.h"
#include "qemu/range.h"
#include "qemu/bswap.h"
#include "sysemu/dma.h"
#include "cycaudio-state.h"
#include "trace.h"

static const MemTxAttrs cycaudio_poswb_attrs = { .memory = 1 };

static uint64_t cycaudio_poswb_base(CycAudioState *s)
{
    return deposit64(s->poswb_lo, 32, 32, s->poswb_hi);
}

/*
 * START check of a stream's record address: 16-byte aligned, not wrapping
 * 2^64, not on BAR0. The caller checks that it is RAM the device writes.
 */
bool cycaudio_poswb_record(CycAudioStream *st, uint64_t *addr)
{
    CycAudioState *s = st->s;
    uint64_t rec = cycaudio_poswb_base(s) + st->id * CYC_POSWB_ENTRY_SIZE;
    pcibus_t bar = pci_get_bar_addr(PCI_DEVICE(s), 0);

    *addr = rec;
    if (CYC_GET(s->poswb_lo, CYC_POSWB_LO_ALIGN) ||
        rec < cycaudio_poswb_base(s) ||
        rec + CYC_POSWB_ENTRY_SIZE < rec) {
        return false;
    }
    return bar == PCI_BAR_UNMAPPED ||
           !ranges_overlap(rec, CYC_POSWB_ENTRY_SIZE, bar, CYC_BAR0_SIZE);
}

/*
 * Stores the record of the stream's current position: POS, PCOUNT and
 * @reached_ns, the virtual time at which the engine reached that frame count
 * (the caller's deadline formula applied to the position, so the record does
 * not depend on when the transfer ran), as WALL. False after a DMA failure.
 */
bool cycaudio_poswb_update(CycAudioStream *st, int64_t reached_ns)
{
    CycAudioState *s = st->s;
    uint32_t fb = cycaudio_frame_bytes(st->cfg.fmt);
    uint64_t buf_frames = st->cfg.bsize / fb;
    uint64_t rec = cycaudio_poswb_base(s) + st->id * CYC_POSWB_ENTRY_SIZE;
    uint64_t wall = reached_ns - s->wall_base_ns;
    uint8_t buf[CYC_POSWB_ENTRY_SIZE];
    MemTxResult r;

    if (!CYC_GET(st->ctl, CYC_CTL_POSWB)) {
        return true;
    }
    stl_le_p(buf + CYC_POSWB_POS, (st->run_frames % buf_frames) * fb);
    stl_le_p(buf + CYC_POSWB_PCOUNT, (uint32_t)st->periods);
    stq_le_p(buf + CYC_POSWB_WALL, wall);
    r = pci_dma_rw(PCI_DEVICE(s), rec, buf, sizeof(buf),
                   DMA_DIRECTION_FROM_DEVICE, cycaudio_poswb_attrs);
    trace_cycaudio_stream_poswb(st->id, rec, (uint32_t)st->periods, wall, r);
    return r == MEMTX_OK;
}
