/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio's interrupt, recomputed from the device state after every change
 * (as intel_hda_update_irq): the register file, the stream engine and the
 * MIDI UART call it; it reads their state and calls none of them.
 * Programming model: docs/cycaudio.rst "Interrupts".
 */

#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "hw/pci/msi.h"
#include "cycaudio-state.h"
#include "trace.h"

static bool cycaudio_stream_irq(CycAudioStream *st)
{
    uint32_t sts = st->sts;
    uint32_t ctl = st->ctl;

    return ((sts & CYC_STS_PERIOD_MASK) && (ctl & CYC_CTL_PIE_MASK)) ||
           ((sts & (CYC_STS_DMAERR_MASK | CYC_STS_FMTERR_MASK)) &&
            (ctl & CYC_CTL_EIE_MASK)) ||
           ((sts & CYC_STS_OVERRUN_MASK) && (ctl & CYC_CTL_XIE_MASK)) ||
           ((sts & CYC_STS_UNDERRUN_MASK) && (ctl & CYC_CTL_UIE_MASK));
}

/* RX not empty, enabled in the control block and in INTCTL (midi-abi). */
static bool cycaudio_midi_irq(CycAudioState *s)
{
    return s->midi.rx.level > 0 && (s->midi.ctl & CYC_MIDI_CTL_RXIE_MASK) &&
           (s->intctl & CYC_INTCTL_MIDI_MASK);
}

/* A sequencer event with its enable, gated by INTCTL.SEQ like MIDI. */
static bool cycaudio_seq_irq(CycAudioState *s)
{
    uint32_t ctl = s->seq.ctl;
    uint32_t sts = s->seq.sts;

    if (!(s->intctl & CYC_INTCTL_SEQ_MASK)) {
        return false;
    }
    return ((sts & CYC_SEQ_STS_DRAINED_MASK) &&
            (ctl & CYC_SEQ_CTL_DIE_MASK)) ||
           ((sts & CYC_SEQ_STS_LATE_MASK) && (ctl & CYC_SEQ_CTL_LIE_MASK)) ||
           ((sts & CYC_SEQ_STS_ERROR_MASK) && (ctl & CYC_SEQ_CTL_EIE_MASK));
}

/*
 * INTSTS without GIS: streams with an enabled status bit (before INTCTL), and
 * MIDI.
 */
uint32_t cycaudio_irq_sources(CycAudioState *s)
{
    uint32_t sis = 0;
    uint32_t i;

    for (i = 0; i < CYC_MAX_STREAMS; i++) {
        if (s->st[i].present && cycaudio_stream_irq(&s->st[i])) {
            sis |= 1u << i;
        }
    }
    /* Unlike SIS, INTSTS.MIDI includes its INTCTL enable (midi-abi). */
    if (cycaudio_midi_irq(s)) {
        sis |= CYC_INTSTS_MIDI_MASK;
    }
    if (cycaudio_seq_irq(s)) {
        sis |= CYC_INTSTS_SEQ_MASK;
    }
    return sis;
}

static uint32_t cycaudio_masked_sources(CycAudioState *s)
{
    if (!(s->intctl & CYC_INTCTL_GIE_MASK)) {
        return 0;
    }
    return cycaudio_irq_sources(s) & s->intctl &
           (CYC_INTCTL_SIE_MASK | CYC_INTCTL_MIDI_MASK |
            CYC_INTCTL_SEQ_MASK);
}

/*
 * Recomputes the interrupt from state. INTx is a level; MSI is sent whenever a
 * source becomes pending that was not pending at the last update (edge per
 * source).
 */
void cycaudio_update_irq(CycAudioState *s)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint32_t masked = cycaudio_masked_sources(s);
    bool level = masked != 0;
    bool msi = msi_enabled(d);

    if (msi && (masked & ~s->irq_pending)) {
        bool fenced = s->in_engine;

        /*
         * The MSI write is guest-aimed and not .memory: at the device's own
         * BAR it would re-enter from a timer or audio callback, which the
         * memory core's reentrancy guard does not cover.
         */
        s->in_engine = true;
        msi_notify(d, 0);
        s->in_engine = fenced;
    }
    pci_set_irq(d, msi ? 0 : level);
    if (level != s->irq_level || masked != s->irq_pending) {
        trace_cycaudio_irq_update(masked, level, msi,
                                  qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    }
    s->irq_pending = masked;
    s->irq_level = level;
}
