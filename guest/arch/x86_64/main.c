/* SPDX-License-Identifier: MIT */
/*
 * arch_main: from the PVH start info to guest_main. Reads the command line
 * and the memory map, installs the IDT, masks the PICs, brings up the LAPIC,
 * the IOAPIC, the PCI set-up a BIOS would do (pcifw.c, only where none did) and
 * the clock, and hands the RAM above the image to the pool.
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

#define HEAP_LIMIT 0xc0000000ull  /* identity-mapped cacheable RAM ends here */
#define PAGE_BYTES 4096u

typedef struct __attribute__((packed)) hvm_start_info {
    uint32_t magic;
    uint32_t version;
    uint32_t flags;
    uint32_t nr_modules;
    uint64_t modlist_paddr;
    uint64_t cmdline_paddr;
    uint64_t rsdp_paddr;
    uint64_t memmap_paddr;
    uint32_t memmap_entries;
    uint32_t reserved;
} hvm_start_info;

typedef struct __attribute__((packed)) hvm_memmap_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
    uint32_t reserved;
} hvm_memmap_entry;

extern char __image_end[];
extern uint64_t boot_pt0[];
extern char boot_stack_guard[];

static uintptr_t heap_base;
static size_t heap_size;

void arch_heap_region(uintptr_t *base, size_t *size)
{
    *base = heap_base;
    *size = heap_size;
}

uint64_t arch_virt_to_phys(const void *va)
{
    return (uintptr_t)va;
}

/* The largest RAM range above the image, below HEAP_LIMIT. */
static void memmap_init(const hvm_start_info *si)
{
    const hvm_memmap_entry *e;
    uint64_t lo = ((uintptr_t)__image_end + 0xfff) & ~0xfffull;

    if (si->version < 1 || si->memmap_paddr == 0) {
        return;
    }
    e = (const hvm_memmap_entry *)(uintptr_t)si->memmap_paddr;
    for (uint32_t i = 0; i < si->memmap_entries; i++) {
        uint64_t start = e[i].addr;
        uint64_t end = e[i].addr + e[i].size;

        if (e[i].type != E820_TYPE_RAM) {
            continue;
        }
        if (start < lo) {
            start = lo;
        }
        if (end > HEAP_LIMIT) {
            end = HEAP_LIMIT;
        }
        start = (start + 0xfff) & ~0xfffull;
        end &= ~0xfffull;
        if (end > start && end - start > heap_size) {
            heap_base = start;
            heap_size = end - start;
        }
    }
}

#define PT0_PAGES 512u  /* boot_pt0 maps the first 2 MiB with 4 KiB pages */

static void unmap_low_page(uintptr_t va)
{
    if (va / PAGE_BYTES < PT0_PAGES) {
        boot_pt0[va / PAGE_BYTES] = 0;
        __asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
    }
}

/* NULL dereferences must fault: drop page 0 once nothing there is needed;
 * so must a boot stack overflow (the #DF that follows runs on IST1). */
static void unmap_guard_pages(void)
{
    unmap_low_page(0);
    unmap_low_page((uintptr_t)boot_stack_guard);
}

__attribute__((noreturn)) void arch_main(uint32_t start_info_pa);

void arch_main(uint32_t start_info_pa)
{
    const hvm_start_info *si = (const hvm_start_info *)(uintptr_t)start_info_pa;

    idt_init();
    if (!si || si->magic != PVH_START_MAGIC) {
        con_printf("Bail out! no PVH start info (ebx 0x%x)\n", start_info_pa);
        arch_exit(false);
    }
    cmdline_init(si->cmdline_paddr ? (const char *)(uintptr_t)si->cmdline_paddr
                                   : NULL);
    memmap_init(si);
    unmap_guard_pages();
    apic_init();
    ioapic_init();
    pci_firmware_init();
    time_init();
    guest_main();
}
