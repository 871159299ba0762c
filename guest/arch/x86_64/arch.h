/* SPDX-License-Identifier: MIT */
/*
 * The whole platform interface nt/ (and ks/, portcls/) may use. The guest
 * implements it on x86-64 hardware (arch/x86_64), the host unit tests on a
 * simulated processor (arch/host): same contract, so the runtime's logic is
 * tested unchanged. Interrupt delivery calls back into ki_interrupt().
 */
#ifndef ARCH_H
#define ARCH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Processor ---- */

/* Disables interrupts, returns the previous state for arch_intr_restore. */
unsigned long arch_intr_save(void);
void arch_intr_restore(unsigned long state);
void arch_intr_enable(void);
void arch_intr_disable(void);
/* Task priority: vectors of class <= irql are held back (CR8 on x86-64). */
void arch_set_tpr(unsigned irql);
/* Called with interrupts disabled: enables them and idles until at least one
 * interrupt has been handled; returns with interrupts disabled again. */
void arch_idle(void);
/* Signals end of interrupt for the vector being serviced. */
void arch_eoi(void);

/* ---- Time ----
 * Nanoseconds since boot. On the guest this is the TSC scaled by a
 * frequency calibrated against the LAPIC timer at boot; under
 * -icount shift=N,sleep=off both run on QEMU's virtual clock, the TSC counts
 * exactly one tick per virtual ns, and the value is deterministic. */
uint64_t arch_time_ns(void);
/* One-shot clock interrupt (vector ARCH_VEC_CLOCK) at or after deadline_ns;
 * UINT64_MAX disarms. Replaces any earlier deadline. */
void arch_clock_set_deadline(uint64_t deadline_ns);
#define ARCH_VEC_CLOCK 0xd0u

/* ---- Interrupt sources ---- */

/* Every vector >= 32 except the spurious one is delivered here, with
 * interrupts disabled; the callee sends the EOI. Implemented by nt/. */
void ki_interrupt(unsigned vector);
void arch_irq_mask(unsigned vector);
void arch_irq_unmask(unsigned vector);

/* ---- PCI functions (what the PnP manager needs) ---- */

typedef struct arch_pci_bar {
    uint64_t base;
    uint64_t size;       /* 0: not implemented */
    bool io;
    bool is64;
    bool prefetchable;
} arch_pci_bar;

typedef struct arch_pci_func {
    uint8_t bus, dev, fn;
    uint16_t vendor_id, device_id;
    uint16_t subsys_vendor_id, subsys_id;
    uint8_t revision;
    uint32_t class_code;  /* base << 16 | sub << 8 | prog-if */
    uint8_t irq_line;     /* as firmware assigned it (0xff: none) */
    uint8_t irq_pin;      /* 1 = INTA#, 0 = none */
    uint8_t msi_cap;      /* config offset, 0 = no MSI */
    arch_pci_bar bar[6];
} arch_pci_func;

/* index-th function (bus/dev/fn order) with these IDs (device 0xffff = any). */
bool arch_pci_find(uint16_t vendor, uint16_t device, unsigned index,
                   arch_pci_func *out);
/* Enables memory and I/O decoding and bus mastering. */
void arch_pci_enable(const arch_pci_func *f);
/* Turns memory and I/O decoding and bus mastering off. */
void arch_pci_disable(const arch_pci_func *f);
/* Writes the power state (0 = D0 .. 3 = D3hot) into the function's PCI PM
 * capability; false if it has none. */
bool arch_pci_set_power(const arch_pci_func *f, unsigned dstate);
/* Moves memory BAR bar to base (decoding off while the BAR changes) and
 * updates f->bar[bar]. */
void arch_pci_move_bar(arch_pci_func *f, unsigned bar, uint64_t base);
/*
 * QEMU's ACPI PCI hotplug (the PnP manager polls it): the device numbers on
 * bus whose removal the host requested (bit n = device n; 0 on a machine
 * without it), and the eject that completes a removal: afterwards the
 * function is gone (configuration reads all ones, BARs unmapped).
 */
uint32_t arch_pci_hotplug_pending(uint8_t bus);
void arch_pci_hotplug_eject(const arch_pci_func *f);

typedef struct arch_irq_route {
    unsigned vector;      /* IDT vector; IRQL = vector >> 4 */
    bool msi;
    bool level;           /* INTx: level-triggered */
    unsigned gsi;         /* INTx: IOAPIC input */
    uint32_t msi_data;
    uint64_t msi_address;
} arch_irq_route;

/* Allocates a vector and programs the function's MSI capability (when
 * want_msi and present) or the IOAPIC input of its INTx line, masked until
 * arch_irq_unmask. false if the function has no interrupt. */
bool arch_irq_route_pci(const arch_pci_func *f, bool want_msi,
                        arch_irq_route *out);

/* ---- Memory ---- */

/* The region the pool allocator owns: identity mapped, page aligned. */
void arch_heap_region(uintptr_t *base, size_t *size);
uint64_t arch_virt_to_phys(const void *va);

/* ---- Port I/O ---- */

uint8_t arch_inb(uint16_t port);
uint16_t arch_inw(uint16_t port);
uint32_t arch_inl(uint16_t port);
void arch_outb(uint16_t port, uint8_t v);
void arch_outw(uint16_t port, uint16_t v);
void arch_outl(uint16_t port, uint32_t v);

/* ---- Console, command line, verdict ---- */

void arch_console_write(const char *s, size_t len);
/* Value of key=value on the kernel command line, NULL if absent. */
const char *arch_cmdline_get(const char *key);
/* Ends the run: pass -> QEMU exits 33, fail -> 35. */
__attribute__((noreturn)) void arch_exit(bool pass);
/* A bugcheck after its report was printed: fails the run (the host build
 * can hand it to a test that expects it). */
__attribute__((noreturn)) void arch_stop(uint32_t code,
                                         const uintptr_t params[4]);
/* Best-effort return address chain for reports; returns the count. */
unsigned arch_backtrace(uintptr_t *pcs, unsigned max);

#endif /* ARCH_H */
