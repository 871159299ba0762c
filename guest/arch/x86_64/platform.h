/* SPDX-License-Identifier: MIT */
/*
 * Guest-only services of arch/x86_64 used by its own files and by the
 * scenarios (which may poke hardware directly: PCI config, raw vectors).
 * Runtime code (nt/, ks/, portcls/) must use arch.h only.
 */
#ifndef PLATFORM_H
#define PLATFORM_H

#include "arch.h"

typedef struct arch_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
} arch_frame;

/* Boot sequence pieces, in the order arch_main calls them. */
void cmdline_init(const char *cmdline);
void idt_init(void);
void apic_init(void);
void ioapic_init(void);
void pci_firmware_init(void);
void time_init(void);
void time_calibration_interrupt(void);

/* Entry into the C world of the guest: runs the selected scenario. */
__attribute__((noreturn)) void guest_main(void);

/* printf to the debug console (no timestamp, no prefix). */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void con_puts(const char *s);

/* Exceptions: a scenario may expect one vector once; the handler then
 * resumes at the given address instead of failing the run. */
void trap_expect(unsigned vector, uintptr_t resume_rip);
unsigned trap_count(unsigned vector);

/* Local APIC. */
uint32_t apic_id(void);
uint32_t apic_read(uint32_t reg);
void apic_write(uint32_t reg, uint32_t v);
void apic_timer_arm_ns(uint64_t delta_ns);

/* I/O APIC. */
unsigned ioapic_pins(void);
void ioapic_route(unsigned gsi, unsigned vector, bool level, bool masked);
void ioapic_set_mask(unsigned gsi, bool masked);

/* PCI configuration space (mechanism #1). */
uint32_t pci_cfg_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint16_t pci_cfg_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
uint8_t pci_cfg_read8(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off);
void pci_cfg_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off,
                     uint32_t v);
void pci_cfg_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t off,
                     uint16_t v);
uint8_t pci_find_cap(const arch_pci_func *f, uint8_t cap_id);
/* Calls fn for every function present, in bus/dev/fn order. */
void pci_for_each(void (*fn)(const arch_pci_func *f, void *ctx), void *ctx);

/* Time: TSC frequency found at boot, in kHz. */
uint64_t time_tsc_khz(void);

#endif /* PLATFORM_H */
