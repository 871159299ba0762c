/* SPDX-License-Identifier: MIT */
/*
 * I/O APIC at its default base. Every input starts masked; pci.c routes a
 * function's INTx line to a vector (level, active high, this processor) and
 * the input is unmasked only when an ISR connects.
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

static unsigned ioapic_npins;

static uint32_t ioapic_read(uint32_t reg)
{
    mmio_write32(IOAPIC_DEFAULT_BASE + IOAPIC_REGSEL, reg);
    return mmio_read32(IOAPIC_DEFAULT_BASE + IOAPIC_WINDOW);
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
    mmio_write32(IOAPIC_DEFAULT_BASE + IOAPIC_REGSEL, reg);
    mmio_write32(IOAPIC_DEFAULT_BASE + IOAPIC_WINDOW, v);
}

unsigned ioapic_pins(void)
{
    return ioapic_npins;
}

void ioapic_init(void)
{
    uint32_t ver = ioapic_read(IOAPIC_REG_VERSION);

    ioapic_npins = ((ver & IOAPIC_VERSION_MAXREDIR_MASK) >>
                    IOAPIC_VERSION_MAXREDIR_SHIFT) + 1;
    for (unsigned pin = 0; pin < ioapic_npins; pin++) {
        ioapic_write(IOAPIC_REG_REDTBL(pin) + 1, 0);
        ioapic_write(IOAPIC_REG_REDTBL(pin), (uint32_t)IOAPIC_RTE_MASKED);
    }
}

/* Fixed delivery, physical destination = this processor, active high (how
 * QEMU's chipsets drive PCI INTx into the IOAPIC). */
void ioapic_route(unsigned gsi, unsigned vector, bool level, bool masked)
{
    uint64_t rte = vector;

    if (gsi >= ioapic_npins) {
        return;
    }
    if (level) {
        rte |= IOAPIC_RTE_LEVEL;
    }
    if (masked) {
        rte |= IOAPIC_RTE_MASKED;
    }
    rte |= (uint64_t)apic_id() << IOAPIC_RTE_DEST_SHIFT;
    ioapic_write(IOAPIC_REG_REDTBL(gsi), (uint32_t)IOAPIC_RTE_MASKED);
    ioapic_write(IOAPIC_REG_REDTBL(gsi) + 1, (uint32_t)(rte >> 32));
    ioapic_write(IOAPIC_REG_REDTBL(gsi), (uint32_t)rte);
}

void ioapic_set_mask(unsigned gsi, bool masked)
{
    uint32_t lo;

    if (gsi >= ioapic_npins) {
        return;
    }
    lo = ioapic_read(IOAPIC_REG_REDTBL(gsi));
    if (masked) {
        lo |= (uint32_t)IOAPIC_RTE_MASKED;
    } else {
        lo &= ~(uint32_t)IOAPIC_RTE_MASKED;
    }
    ioapic_write(IOAPIC_REG_REDTBL(gsi), lo);
}
