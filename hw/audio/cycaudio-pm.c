/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cycaudio power management: the PCI PM capability with D0 and D3hot. The
 * PMCSR in configuration space is the only power state (so it migrates with
 * the PCI device); cycaudio.c resets the function on every change (entering
 * D3hot stops it, D3hot -> D0 resets it because No_Soft_Reset is 0).
 * Configuration space is never reset. Calls no other cycaudio file.
 */

#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "hw/pci/pci.h"
#include "cycaudio-state.h"
#include "trace.h"

static uint32_t cycaudio_pm_state(PCIDevice *d)
{
    return CYC_GET(pci_get_word(d->config + CYC_PCI_PM_CAP + CYC_PCI_PM_PMCSR),
                   CYC_PMCSR_STATE);
}

bool cycaudio_pm_init(CycAudioState *s, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint8_t *pmcsr_wmask = d->wmask + CYC_PCI_PM_CAP + CYC_PCI_PM_PMCSR;

    if (pci_add_capability(d, PCI_CAP_ID_PM, CYC_PCI_PM_CAP, PCI_PM_SIZEOF,
                           errp) < 0) {
        return false;
    }
    pci_set_word(d->config + CYC_PCI_PM_CAP + CYC_PCI_PM_PMC,
                 CYC_PCI_PM_PMC_VALUE);
    pci_set_word(pmcsr_wmask, CYC_PMCSR_STATE_MASK);
    return true;
}

bool cycaudio_pm_d0(CycAudioState *s)
{
    return cycaudio_pm_state(PCI_DEVICE(s)) == CYC_PM_D0;
}

/*
 * After a configuration write: a write of D1 or D2 (not supported) is
 * discarded as PCI PM 1.2 requires. True when the state changed between D0
 * and D3hot: the caller resets the function's registers. On entry to D3hot
 * that stops every stream and the UART at once (no drain) and lowers the
 * interrupt; on return to D0 it is the reset No_Soft_Reset = 0 promises, and
 * the wall clock restarts.
 */
bool cycaudio_pm_config_written(CycAudioState *s, uint32_t old_state)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint8_t *pmcsr = d->config + CYC_PCI_PM_CAP + CYC_PCI_PM_PMCSR;
    uint32_t state = cycaudio_pm_state(d);

    if (state != CYC_PM_D0 && state != CYC_PM_D3HOT) {
        qemu_log_mask(LOG_GUEST_ERROR,
                      "cycaudio: PMCSR power state D%u not supported\n", state);
        pci_set_word(pmcsr, CYC_SET(pci_get_word(pmcsr), CYC_PMCSR_STATE,
                                    old_state));
        return false;
    }
    if (state == old_state) {
        return false;
    }
    trace_cycaudio_power(old_state, state,
                         qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
    return true;
}

/* MMIO outside D0: logged, as a master abort on real hardware. */
bool cycaudio_pm_blocks(CycAudioState *s, hwaddr addr, bool write)
{
    if (cycaudio_pm_d0(s)) {
        return false;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "cycaudio: %s at 0x%" HWADDR_PRIx
                  " outside D0 ignored\n", write ? "write" : "read", addr);
    return true;
}
