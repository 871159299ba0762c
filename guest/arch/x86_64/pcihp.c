/* SPDX-License-Identifier: MIT */
/*
 * QEMU's ACPI PCI hotplug register block, read without an ACPI interpreter:
 * the AML QEMU generates only selects a bus (SEL), reads the slots pending
 * removal (PCID) and writes a slot bit to eject it (B0EJ); this file does the
 * same from the PnP manager's poll. pc (PIIX4) has the block at 0xae00 with
 * the root bus hotpluggable; q35 (ICH9) at 0x0cc0 with the root bus not
 * hotpluggable, so there only buses below bridges (root ports) are.
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

#define PCIHP_PIIX4_BASE    0xae00u
#define PCIHP_ICH9_BASE     0x0cc0u
#define PCIHP_PCID          0x04u   /* slots pending removal on SEL's bus */
#define PCIHP_B0EJ          0x08u   /* write a slot bit: eject that slot */
#define PCIHP_SEL           0x10u   /* bus selector (QEMU's "bsel") */
#define PCI_ID_I440FX       0x12378086u
#define PCI_ID_Q35          0x29c08086u

typedef struct pcihp_bsel_ctx {
    uint8_t bus;
    unsigned next;
    int bsel;
} pcihp_bsel_ctx;

/* The block's I/O base, 0 on a machine without QEMU's ACPI PCI hotplug. */
static uint16_t pcihp_base(bool *root_hotpluggable)
{
    uint32_t id = pci_cfg_read32(0, 0, 0, PCI_VENDOR_ID);

    *root_hotpluggable = id == PCI_ID_I440FX;
    if (id == PCI_ID_I440FX) {
        return PCIHP_PIIX4_BASE;
    }
    return id == PCI_ID_Q35 ? PCIHP_ICH9_BASE : 0;
}

static void pcihp_bsel_cb(const arch_pci_func *f, void *opaque)
{
    pcihp_bsel_ctx *c = opaque;

    if ((pci_cfg_read8(f->bus, f->dev, f->fn, PCI_HEADER_TYPE) &
         PCI_HEADER_TYPE_MASK) != PCI_HEADER_TYPE_BRIDGE) {
        return;
    }
    if (c->bsel < 0 &&
        pci_cfg_read8(f->bus, f->dev, f->fn, PCI_SECONDARY_BUS) == c->bus) {
        c->bsel = (int)c->next;
    }
    c->next++;
}

/*
 * QEMU numbers the hotpluggable buses depth first from 0 ("bsel"); the root
 * bus counts only where it is hotpluggable. Deviation: QEMU visits sibling
 * bridges in its own list order, which the scan cannot see; with one bridge
 * level of one bridge (q35's root port) the orders agree.
 */
static int pcihp_select(uint8_t bus, uint16_t *base)
{
    bool root;
    pcihp_bsel_ctx c = { .bus = bus, .next = 0, .bsel = -1 };

    *base = pcihp_base(&root);
    if (*base == 0) {
        return -1;
    }
    if (root) {
        if (bus == 0) {
            c.bsel = 0;
        }
        c.next = 1;
    }
    if (c.bsel < 0) {
        pci_for_each(pcihp_bsel_cb, &c);
    }
    if (c.bsel >= 0) {
        outl(*base + PCIHP_SEL, (uint32_t)c.bsel);
    }
    return c.bsel;
}

uint32_t arch_pci_hotplug_pending(uint8_t bus)
{
    uint16_t base;
    uint32_t pending;

    if (pcihp_select(bus, &base) < 0) {
        return 0;
    }
    pending = inl(base + PCIHP_PCID);
    /* An unclaimed port reads all ones: no hotplug block there. */
    return pending == 0xffffffffu ? 0 : pending;
}

void arch_pci_hotplug_eject(const arch_pci_func *f)
{
    uint16_t base;

    if (pcihp_select(f->bus, &base) >= 0) {
        outl(base + PCIHP_B0EJ, 1u << f->dev);
    }
}
