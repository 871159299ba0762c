/* SPDX-License-Identifier: MIT */
/*
 * PCI through configuration mechanism #1 (0xCF8/0xCFC, present on pc and
 * q35). BARs are used as the firmware assigned them; sizing writes all-ones
 * with decoding off and restores the BAR. Interrupt routing hands out one
 * vector per function and remembers how to mask it.
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

#define PCI_MAX_DEPTH 8

typedef enum irq_source_kind { IRQ_SOURCE_NONE, IRQ_SOURCE_IOAPIC,
                               IRQ_SOURCE_MSI } irq_source_kind;

typedef struct irq_source {
    irq_source_kind kind;
    unsigned gsi;
    arch_pci_func func;
} irq_source;

static irq_source irq_sources[256];
static unsigned next_device_vector = X86_VEC_DEVICE_FIRST + 0x30;

static uint32_t pci_cfg_addr(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    return PCI_CONFIG_ENABLE | ((uint32_t)bus << 16) | ((uint32_t)dev << 11) |
           ((uint32_t)fn << 8) | (off & 0xfcu);
}

uint32_t pci_cfg_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    outl(PCI_CONFIG_ADDRESS, pci_cfg_addr(bus, dev, fn, off));
    return inl(PCI_CONFIG_DATA);
}

uint16_t pci_cfg_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    outl(PCI_CONFIG_ADDRESS, pci_cfg_addr(bus, dev, fn, off));
    return inw(PCI_CONFIG_DATA + (off & 2));
}

uint8_t pci_cfg_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off)
{
    outl(PCI_CONFIG_ADDRESS, pci_cfg_addr(bus, dev, fn, off));
    return inb(PCI_CONFIG_DATA + (off & 3));
}

void pci_cfg_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off,
                     uint32_t v)
{
    outl(PCI_CONFIG_ADDRESS, pci_cfg_addr(bus, dev, fn, off));
    outl(PCI_CONFIG_DATA, v);
}

void pci_cfg_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off,
                     uint16_t v)
{
    outl(PCI_CONFIG_ADDRESS, pci_cfg_addr(bus, dev, fn, off));
    outw(PCI_CONFIG_DATA + (off & 2), v);
}

uint8_t pci_find_cap(const arch_pci_func *f, uint8_t cap_id)
{
    uint8_t off;
    unsigned guard = 48;

    if (!(pci_cfg_read16(f->bus, f->dev, f->fn, PCI_STATUS) &
          PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    off = pci_cfg_read8(f->bus, f->dev, f->fn, PCI_CAPABILITY_LIST) & 0xfc;
    while (off && guard--) {
        if (pci_cfg_read8(f->bus, f->dev, f->fn, off) == cap_id) {
            return off;
        }
        off = pci_cfg_read8(f->bus, f->dev, f->fn, off + 1) & 0xfc;
    }
    return 0;
}

static void pci_read_bars(arch_pci_func *f)
{
    uint16_t cmd = pci_cfg_read16(f->bus, f->dev, f->fn, PCI_COMMAND);

    pci_cfg_write16(f->bus, f->dev, f->fn, PCI_COMMAND,
                    cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
    for (unsigned i = 0; i < PCI_NUM_BARS; i++) {
        uint8_t off = PCI_BASE_ADDRESS_0 + 4 * i;
        uint32_t lo = pci_cfg_read32(f->bus, f->dev, f->fn, off);
        uint32_t szlo;
        arch_pci_bar *b = &f->bar[i];

        pci_cfg_write32(f->bus, f->dev, f->fn, off, 0xffffffffu);
        szlo = pci_cfg_read32(f->bus, f->dev, f->fn, off);
        pci_cfg_write32(f->bus, f->dev, f->fn, off, lo);
        if (szlo == 0 || szlo == 0xffffffffu) {
            continue;
        }
        if (lo & PCI_BAR_IO) {
            b->io = true;
            b->base = lo & PCI_BAR_IO_MASK;
            b->size = (uint32_t)(~(szlo & PCI_BAR_IO_MASK) + 1) & 0xffffu;
            continue;
        }
        b->prefetchable = (lo & PCI_BAR_MEM_PREFETCH) != 0;
        b->base = lo & PCI_BAR_MEM_MASK;
        if ((lo & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64 &&
            i + 1 < PCI_NUM_BARS) {
            uint32_t hi = pci_cfg_read32(f->bus, f->dev, f->fn, off + 4);
            uint32_t szhi;
            uint64_t mask;

            pci_cfg_write32(f->bus, f->dev, f->fn, off + 4, 0xffffffffu);
            szhi = pci_cfg_read32(f->bus, f->dev, f->fn, off + 4);
            pci_cfg_write32(f->bus, f->dev, f->fn, off + 4, hi);
            b->is64 = true;
            b->base |= (uint64_t)hi << 32;
            mask = ((uint64_t)szhi << 32) | (szlo & PCI_BAR_MEM_MASK);
            b->size = ~mask + 1;
            i++;
        } else {
            b->size = (uint32_t)(~(szlo & PCI_BAR_MEM_MASK) + 1);
        }
    }
    pci_cfg_write16(f->bus, f->dev, f->fn, PCI_COMMAND, cmd);
}

static void pci_fill(arch_pci_func *f, uint8_t bus, uint8_t dev, uint8_t fn)
{
    uint32_t class_rev = pci_cfg_read32(bus, dev, fn, PCI_REVISION_ID);

    *f = (arch_pci_func){ .bus = bus, .dev = dev, .fn = fn };
    f->vendor_id = pci_cfg_read16(bus, dev, fn, PCI_VENDOR_ID);
    f->device_id = pci_cfg_read16(bus, dev, fn, PCI_DEVICE_ID);
    f->revision = (uint8_t)class_rev;
    f->class_code = class_rev >> 8;
    f->subsys_vendor_id = pci_cfg_read16(bus, dev, fn, PCI_SUBSYSTEM_VENDOR_ID);
    f->subsys_id = pci_cfg_read16(bus, dev, fn, PCI_SUBSYSTEM_ID);
    f->irq_line = pci_cfg_read8(bus, dev, fn, PCI_INTERRUPT_LINE);
    f->irq_pin = pci_cfg_read8(bus, dev, fn, PCI_INTERRUPT_PIN);
    f->msi_cap = pci_find_cap(f, PCI_CAP_ID_MSI);
}

static void pci_scan_bus(uint8_t bus, unsigned depth,
                         void (*fn)(const arch_pci_func *f, void *ctx),
                         void *ctx)
{
    for (uint8_t dev = 0; dev < PCI_MAX_DEVICE; dev++) {
        uint8_t nfn = 1;

        for (uint8_t func = 0; func < nfn; func++) {
            arch_pci_func f;
            uint8_t hdr;

            if (pci_cfg_read16(bus, dev, func, PCI_VENDOR_ID) == 0xffff) {
                continue;
            }
            hdr = pci_cfg_read8(bus, dev, func, PCI_HEADER_TYPE);
            if (func == 0 && (hdr & PCI_HEADER_MULTI_FUNC)) {
                nfn = PCI_MAX_FUNCTION;
            }
            pci_fill(&f, bus, dev, func);
            if ((hdr & PCI_HEADER_TYPE_MASK) == PCI_HEADER_TYPE_BRIDGE) {
                uint8_t sec = pci_cfg_read8(bus, dev, func, PCI_SECONDARY_BUS);

                fn(&f, ctx);
                if (sec > bus && depth < PCI_MAX_DEPTH) {
                    pci_scan_bus(sec, depth + 1, fn, ctx);
                }
                continue;
            }
            pci_read_bars(&f);
            fn(&f, ctx);
        }
    }
}

void pci_for_each(void (*fn)(const arch_pci_func *f, void *ctx), void *ctx)
{
    pci_scan_bus(0, 0, fn, ctx);
}

typedef struct pci_find_ctx {
    uint16_t vendor, device;
    unsigned index;
    arch_pci_func *out;
    bool found;
} pci_find_ctx;

static void pci_find_cb(const arch_pci_func *f, void *opaque)
{
    pci_find_ctx *c = opaque;

    if (c->found || f->vendor_id != c->vendor ||
        (c->device != 0xffff && f->device_id != c->device)) {
        return;
    }
    if (c->index == 0) {
        *c->out = *f;
        c->found = true;
        return;
    }
    c->index--;
}

bool arch_pci_find(uint16_t vendor, uint16_t device, unsigned index,
                   arch_pci_func *out)
{
    pci_find_ctx c = { vendor, device, index, out, false };

    pci_for_each(pci_find_cb, &c);
    return c.found;
}

void arch_pci_enable(const arch_pci_func *f)
{
    uint16_t cmd = pci_cfg_read16(f->bus, f->dev, f->fn, PCI_COMMAND);

    cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_IO | PCI_COMMAND_MASTER;
    pci_cfg_write16(f->bus, f->dev, f->fn, PCI_COMMAND, cmd);
}

void arch_pci_disable(const arch_pci_func *f)
{
    uint16_t cmd = pci_cfg_read16(f->bus, f->dev, f->fn, PCI_COMMAND);

    cmd &= ~(PCI_COMMAND_MEMORY | PCI_COMMAND_IO | PCI_COMMAND_MASTER);
    pci_cfg_write16(f->bus, f->dev, f->fn, PCI_COMMAND, cmd);
}

bool arch_pci_set_power(const arch_pci_func *f, unsigned dstate)
{
    uint8_t pm = pci_find_cap(f, PCI_CAP_ID_PM);
    uint16_t pmcsr;

    if (!pm) {
        return false;
    }
    pmcsr = pci_cfg_read16(f->bus, f->dev, f->fn, pm + PCI_PM_CTRL);
    pmcsr &= ~PCI_PM_CTRL_STATE_MASK;
    pmcsr |= dstate & PCI_PM_CTRL_STATE_MASK;
    pci_cfg_write16(f->bus, f->dev, f->fn, pm + PCI_PM_CTRL, pmcsr);
    return true;
}

void arch_pci_move_bar(arch_pci_func *f, unsigned bar, uint64_t base)
{
    uint16_t cmd = pci_cfg_read16(f->bus, f->dev, f->fn, PCI_COMMAND);
    uint8_t off = PCI_BASE_ADDRESS_0 + 4 * bar;
    uint32_t lo = pci_cfg_read32(f->bus, f->dev, f->fn, off);

    pci_cfg_write16(f->bus, f->dev, f->fn, PCI_COMMAND,
                    cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
    pci_cfg_write32(f->bus, f->dev, f->fn, off,
                    ((uint32_t)base & PCI_BAR_MEM_MASK) |
                        (lo & ~PCI_BAR_MEM_MASK));
    if (f->bar[bar].is64) {
        pci_cfg_write32(f->bus, f->dev, f->fn, off + 4,
                        (uint32_t)(base >> 32));
    }
    f->bar[bar].base = base;
    pci_cfg_write16(f->bus, f->dev, f->fn, PCI_COMMAND, cmd);
}

static unsigned pci_alloc_vector(void)
{
    unsigned v = next_device_vector;

    /* One vector per class while they last (0x80, 0x90, ... 0xc0), then
     * the remaining slots of classes 5..12. */
    next_device_vector += 0x10;
    if (next_device_vector > X86_VEC_DEVICE_LAST) {
        next_device_vector =
            (next_device_vector & 0x0f) + X86_VEC_DEVICE_FIRST + 1;
    }
    return v;
}

static void pci_msi_program(const arch_pci_func *f, unsigned vector,
                            arch_irq_route *out)
{
    uint8_t cap = f->msi_cap;
    uint16_t flags = pci_cfg_read16(f->bus, f->dev, f->fn, cap + PCI_MSI_FLAGS);
    uint16_t cmd;

    out->msi_address = MSI_ADDRESS_BASE | (apic_id() << MSI_ADDRESS_DEST_SHIFT);
    out->msi_data = vector;
    pci_cfg_write32(f->bus, f->dev, f->fn, cap + PCI_MSI_ADDRESS_LO,
                    (uint32_t)out->msi_address);
    if (flags & PCI_MSI_FLAGS_64BIT) {
        pci_cfg_write32(f->bus, f->dev, f->fn, cap + PCI_MSI_ADDRESS_HI, 0);
        pci_cfg_write16(f->bus, f->dev, f->fn, cap + PCI_MSI_DATA_64,
                        (uint16_t)vector);
    } else {
        pci_cfg_write16(f->bus, f->dev, f->fn, cap + PCI_MSI_DATA_32,
                        (uint16_t)vector);
    }
    flags &= ~PCI_MSI_FLAGS_QSIZE;
    flags |= PCI_MSI_FLAGS_ENABLE;
    pci_cfg_write16(f->bus, f->dev, f->fn, cap + PCI_MSI_FLAGS, flags);
    cmd = pci_cfg_read16(f->bus, f->dev, f->fn, PCI_COMMAND);
    pci_cfg_write16(f->bus, f->dev, f->fn, PCI_COMMAND,
                    cmd | PCI_COMMAND_INTX_DISABLE);
}

bool arch_irq_route_pci(const arch_pci_func *f, bool want_msi,
                        arch_irq_route *out)
{
    unsigned vector;
    irq_source *src;

    *out = (arch_irq_route){ 0 };
    if (!(want_msi && f->msi_cap) &&
        (f->irq_pin == 0 || f->irq_line >= ioapic_pins())) {
        return false;
    }
    vector = pci_alloc_vector();
    src = &irq_sources[vector];
    src->func = *f;
    out->vector = vector;
    if (want_msi && f->msi_cap) {
        src->kind = IRQ_SOURCE_MSI;
        out->msi = true;
        pci_msi_program(f, vector, out);
        return true;
    }
    {
        uint16_t cmd = pci_cfg_read16(f->bus, f->dev, f->fn, PCI_COMMAND);

        pci_cfg_write16(f->bus, f->dev, f->fn, PCI_COMMAND,
                        cmd & ~PCI_COMMAND_INTX_DISABLE);
    }
    /* The firmware's INTERRUPT_LINE is the ISA IRQ the chipset routes INTA#
     * to, which is also the IOAPIC input on both pc and q35. */
    src->kind = IRQ_SOURCE_IOAPIC;
    src->gsi = f->irq_line;
    out->level = true;
    out->gsi = f->irq_line;
    ioapic_route(f->irq_line, vector, true, true);
    return true;
}

void arch_irq_mask(unsigned vector)
{
    if (vector < 256 && irq_sources[vector].kind == IRQ_SOURCE_IOAPIC) {
        ioapic_set_mask(irq_sources[vector].gsi, true);
    }
}

/* MSI stays enabled from routing on (edge: an unclaimed message is lost,
 * never repeated); only IOAPIC inputs are gated. */
void arch_irq_unmask(unsigned vector)
{
    if (vector < 256 && irq_sources[vector].kind == IRQ_SOURCE_IOAPIC) {
        ioapic_set_mask(irq_sources[vector].gsi, false);
    }
}
