/* SPDX-License-Identifier: MIT */
/*
 * The PCI set-up a BIOS does, for a pc (i440FX) booted by qboot: the harness
 * starts -machine pc on qboot, whose start-up costs a few hundred thousand
 * guest instructions where SeaBIOS's POST costs some 40 ms of host time per
 * boot, but qboot leaves every BAR unassigned and decoding off. Here the
 * guest assigns what SeaBIOS would have: the same addresses, interrupt lines
 * and PIRQ routing, so everything a run shows (BARs, IRQ lines, console
 * lines) is what it showed under SeaBIOS. Nothing happens when a firmware
 * did the work already (SeaBIOS, or q35, which keeps SeaBIOS) or on another
 * chipset.
 *
 * SeaBIOS's rules for the root bus (its src/fw/pciinit.c, as documented
 * behaviour, re-implemented here): I/O from 0xc000 up when the I/O BARs sum
 * to under 16 KiB; memory BARs (the expansion ROM included) at least 4 KiB,
 * packed downward from 0xfec00000, the region with the larger alignment on
 * top; in each region the largest alignment, then the largest size first,
 * devices in bus order, each placed upward from the region's base; PIRQ A-D
 * on IRQ 10, 10, 11, 11 (level-triggered in the ELCR); a function's
 * INTERRUPT_LINE the IRQ of its pin after the i440FX's swizzle, the PIIX4
 * PM function's IRQ 9; IO, MEMORY and SERR set in every COMMAND register.
 * Limits: the root bus only (no pci-bridge on pc today) and no BAR above
 * 4 GiB (a 64-bit BAR gets a 32-bit address).
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

#define FW_PCI_ID_I440FX        0x12378086u
#define FW_PCI_ID_PIIX3_ISA     0x70008086u
#define FW_PCI_ID_PIIX4_PM      0x71138086u
#define FW_PIIX_PIRQ_ROUTE      0x60    /* PIRQRC[A-D], one byte each */
#define FW_PIIX_ELCR1           0x4d0
#define FW_PIIX_ELCR2           0x4d1
#define FW_PM_IRQ               9u
#define FW_PCI_ROM_ADDRESS      0x30
#define FW_PCI_ROM_MASK         0xfffff800u
#define FW_PCI_COMMAND_SERR     0x0100u
#define FW_IO_BASE              0xc000u
#define FW_IO_LIMIT             0x4000u
#define FW_MEM_END              0xfec00000ull
#define FW_MEM_MIN              0x1000u
#define FW_MAX_BARS             64u
#define FW_ROM_SLOT             PCI_NUM_BARS

static const uint8_t fw_pirq_irq[4] = { 10, 10, 11, 11 };

enum { FW_IO, FW_MEM, FW_PREFMEM, FW_REGIONS };

typedef struct fw_bar {
    uint8_t dev, fn, slot;   /* slot FW_ROM_SLOT: the expansion ROM */
    bool is64;
    uint64_t size;           /* also the alignment */
} fw_bar;

typedef struct fw_region {
    fw_bar bar[FW_MAX_BARS];
    unsigned n;
    uint64_t sum, base;
} fw_region;

static fw_region fw_regions[FW_REGIONS];

static uint8_t fw_bar_offset(const fw_bar *b)
{
    return b->slot == FW_ROM_SLOT ? FW_PCI_ROM_ADDRESS
                                  : PCI_BASE_ADDRESS_0 + 4 * b->slot;
}

/* Sorted insert: larger size (= alignment) first, equal sizes in bus order. */
static void fw_add(unsigned type, const fw_bar *b)
{
    fw_region *r = &fw_regions[type];
    unsigned i = r->n;

    if (r->n >= FW_MAX_BARS) {
        return;
    }
    while (i > 0 && r->bar[i - 1].size < b->size) {
        r->bar[i] = r->bar[i - 1];
        i--;
    }
    r->bar[i] = *b;
    r->n++;
    r->sum += b->size;
}

/* Sizes the BARs and the ROM of one function (decoding is off). */
static void fw_probe(uint8_t dev, uint8_t fn)
{
    for (unsigned slot = 0; slot <= FW_ROM_SLOT; slot++) {
        fw_bar b = { .dev = dev, .fn = fn, .slot = (uint8_t)slot };
        uint8_t off = fw_bar_offset(&b);
        uint32_t lo = pci_cfg_read32(0, dev, fn, off);
        uint32_t sz;
        unsigned type;

        pci_cfg_write32(0, dev, fn, off,
                        slot == FW_ROM_SLOT ? FW_PCI_ROM_MASK : 0xffffffffu);
        sz = pci_cfg_read32(0, dev, fn, off);
        pci_cfg_write32(0, dev, fn, off, lo);
        if (slot == FW_ROM_SLOT) {
            sz &= FW_PCI_ROM_MASK;
            type = FW_MEM;
        } else if (sz & PCI_BAR_IO) {
            sz &= PCI_BAR_IO_MASK & 0xffffu;
            type = FW_IO;
        } else {
            b.is64 = (sz & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64;
            type = (sz & PCI_BAR_MEM_PREFETCH) ? FW_PREFMEM : FW_MEM;
            sz &= PCI_BAR_MEM_MASK;
        }
        if (sz == 0) {
            continue;
        }
        b.size = type == FW_IO ? (uint16_t)(~sz + 1) : (uint32_t)(~sz + 1);
        if (type != FW_IO && b.size < FW_MEM_MIN) {
            b.size = FW_MEM_MIN;
        }
        fw_add(type, &b);
        if (b.is64) {
            slot++;
        }
    }
}

static uint64_t fw_align(const fw_region *r)
{
    return r->n ? r->bar[0].size : 1;
}

static uint64_t fw_align_down(uint64_t v, uint64_t align)
{
    return v & ~(align - 1);
}

/* Region bases, then each BAR upward from its region's base. */
static void fw_place(void)
{
    fw_region *top = &fw_regions[FW_PREFMEM];
    fw_region *below = &fw_regions[FW_MEM];

    fw_regions[FW_IO].base = FW_IO_BASE;
    if (fw_align(below) < fw_align(top)) {
        top = below;
        below = &fw_regions[FW_PREFMEM];
    }
    top->base = fw_align_down(FW_MEM_END - top->sum, fw_align(top));
    below->base = fw_align_down(top->base - below->sum, fw_align(below));
    for (unsigned t = 0; t < FW_REGIONS; t++) {
        fw_region *r = &fw_regions[t];
        uint64_t at = r->base;

        for (unsigned i = 0; i < r->n; i++) {
            const fw_bar *b = &r->bar[i];
            uint8_t off = fw_bar_offset(b);
            uint32_t flags = pci_cfg_read32(0, b->dev, b->fn, off);

            flags &= t == FW_IO ? ~PCI_BAR_IO_MASK
                                : b->slot == FW_ROM_SLOT ? 0u
                                                         : ~PCI_BAR_MEM_MASK;
            pci_cfg_write32(0, b->dev, b->fn, off, (uint32_t)at | flags);
            if (b->is64) {
                pci_cfg_write32(0, b->dev, b->fn, off + 4, 0);
            }
            at += b->size;
        }
    }
}

/* TRUE when a firmware assigned this function's BARs already. */
static bool fw_done_already(uint8_t dev, uint8_t fn)
{
    if ((pci_cfg_read8(0, dev, fn, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK) !=
        0) {
        return false;
    }
    for (unsigned slot = 0; slot < PCI_NUM_BARS; slot++) {
        uint32_t v = pci_cfg_read32(0, dev, fn, PCI_BASE_ADDRESS_0 + 4 * slot);

        if (v & ((v & PCI_BAR_IO) ? PCI_BAR_IO_MASK : PCI_BAR_MEM_MASK)) {
            return true;
        }
    }
    return false;
}

static void fw_route_irqs(uint8_t dev, uint8_t fn, uint32_t id)
{
    uint8_t pin = pci_cfg_read8(0, dev, fn, PCI_INTERRUPT_PIN);
    uint8_t elcr[2] = { 0, 0 };
    uint32_t route = 0;

    if (id == FW_PCI_ID_PIIX3_ISA) {
        for (unsigned i = 0; i < 4; i++) {
            uint8_t irq = fw_pirq_irq[i];

            elcr[irq >> 3] |= (uint8_t)(1u << (irq & 7));
            route |= (uint32_t)irq << (8 * i);
        }
        pci_cfg_write32(0, dev, fn, FW_PIIX_PIRQ_ROUTE, route);
        outb(FW_PIIX_ELCR1, elcr[0]);
        outb(FW_PIIX_ELCR2, elcr[1]);
    }
    if (pin == 0) {
        return;
    }
    /* The pin byte beside the line is read-only. */
    pci_cfg_write16(0, dev, fn, PCI_INTERRUPT_LINE,
                    (uint16_t)(pin << 8 |
                               (id == FW_PCI_ID_PIIX4_PM
                                    ? FW_PM_IRQ
                                    : fw_pirq_irq[(pin - 1 + dev - 1) & 3])));
}

/* Calls @fn for every function of bus 0; stops when it returns TRUE. */
static bool fw_each(bool (*fn)(uint8_t dev, uint8_t func, uint32_t id))
{
    for (uint8_t dev = 0; dev < PCI_MAX_DEVICE; dev++) {
        uint8_t nfn = 1;

        for (uint8_t func = 0; func < nfn; func++) {
            uint32_t id = pci_cfg_read32(0, dev, func, PCI_VENDOR_ID);

            if ((id & 0xffffu) == 0xffffu) {
                continue;
            }
            if (func == 0 && (pci_cfg_read8(0, dev, 0, PCI_HEADER_TYPE) &
                              PCI_HEADER_MULTI_FUNC)) {
                nfn = PCI_MAX_FUNCTION;
            }
            if (fn(dev, func, id)) {
                return true;
            }
        }
    }
    return false;
}

static bool fw_check(uint8_t dev, uint8_t fn, uint32_t id)
{
    (void)id;
    return fw_done_already(dev, fn);
}

static bool fw_probe_one(uint8_t dev, uint8_t fn, uint32_t id)
{
    (void)id;
    if ((pci_cfg_read8(0, dev, fn, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK) ==
        0) {
        fw_probe(dev, fn);
    }
    return false;
}

static bool fw_enable_one(uint8_t dev, uint8_t fn, uint32_t id)
{
    uint16_t cmd = pci_cfg_read16(0, dev, fn, PCI_COMMAND);

    fw_route_irqs(dev, fn, id);
    pci_cfg_write16(0, dev, fn, PCI_COMMAND,
                    cmd | PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                        FW_PCI_COMMAND_SERR);
    return false;
}

void pci_firmware_init(void)
{
    if (pci_cfg_read32(0, 0, 0, PCI_VENDOR_ID) != FW_PCI_ID_I440FX ||
        fw_each(fw_check)) {
        return;
    }
    fw_each(fw_probe_one);
    fw_place();
    fw_each(fw_enable_one);
}
