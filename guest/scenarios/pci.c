/* SPDX-License-Identifier: MIT */
/*
 * PCI enumeration through 0xCF8/0xCFC: lists every function and checks the
 * cycaudio function as firmware left it (identity, class, BAR0 size, the ID
 * register read through the BAR, an interrupt pin and MSI capability).
 */
#include <stdint.h>

#include "cycaudio/regs.h"
#include "ntrt.h"
#include "platform.h"
#include "scenario.h"
#include "x86-defs.h"

static void pci_print(const arch_pci_func *f, void *ctx)
{
    unsigned *count = ctx;

    (*count)++;
    tap_diag("pci %02x:%02x.%x %04x:%04x class %06x irq pin %u line %u%s bar0 "
             "0x%llx/0x%llx", f->bus, f->dev, f->fn, f->vendor_id, f->device_id,
             f->class_code, f->irq_pin, f->irq_line, f->msi_cap ? " msi" : "",
             (unsigned long long)f->bar[0].base,
             (unsigned long long)f->bar[0].size);
    /* Every other BAR too: the boot suite compares the lot between qboot
     * (the guest assigns them, pcifw.c) and SeaBIOS. */
    for (unsigned i = 1; i < PCI_NUM_BARS; i++) {
        if (f->bar[i].size) {
            tap_diag("pci %02x:%02x.%x bar%u %s 0x%llx/0x%llx", f->bus, f->dev,
                     f->fn, i, f->bar[i].io ? "io" : "mem",
                     (unsigned long long)f->bar[i].base,
                     (unsigned long long)f->bar[i].size);
        }
    }
}

static void pci_run(void)
{
    arch_pci_func f;
    unsigned count = 0;
    uint32_t id;

    pci_for_each(pci_print, &count);
    tap_ok(count >= 2, "enumerated %u PCI functions", count);
    if (!tap_ok(arch_pci_find(CYC_PCI_VENDOR_ID, CYC_PCI_DEVICE_ID, 0, &f),
                "cycaudio %04x:%04x present", CYC_PCI_VENDOR_ID,
                CYC_PCI_DEVICE_ID)) {
        return;
    }
    tap_ok((f.class_code >> 8) == CYC_PCI_CLASS, "class 0x%04x (want 0x%04x)",
           f.class_code >> 8, CYC_PCI_CLASS);
    tap_ok(!f.bar[0].io && f.bar[0].base != 0 && f.bar[0].size == CYC_BAR0_SIZE,
           "BAR0 memory at 0x%llx size 0x%llx (want 0x%x)",
           (unsigned long long)f.bar[0].base, (unsigned long long)f.bar[0].size,
           CYC_BAR0_SIZE);
    tap_ok(f.irq_pin == 1 && f.irq_line < 16, "INTA# routed to IRQ %u",
           f.irq_line);
    tap_ok(f.msi_cap != 0, "MSI capability at 0x%02x", f.msi_cap);
    arch_pci_enable(&f);
    id = READ_REGISTER_ULONG((volatile ULONG *)(uintptr_t)(f.bar[0].base +
                                                           CYC_REG_ID));
    tap_ok(id == CYC_ID_VALUE, "ID register 0x%08x (want 0x%08x)", id,
           CYC_ID_VALUE);
}

SCENARIO("pci",
         "PCI enumeration and the cycaudio function as firmware set it up",
         pci_run);
