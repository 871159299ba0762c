/* SPDX-License-Identifier: MIT */
/*
 * Controls of the simulated processor behind the host build of nt/ (and
 * ks/, portcls/): virtual time that moves only when told to (or when the
 * runtime idles, jumping to the next clock deadline), injectable interrupts
 * delivered by the same IRQL/TPR rules as the guest, fake PCI functions,
 * and bugchecks a test can expect instead of aborting.
 */
#ifndef HOST_ARCH_H
#define HOST_ARCH_H

#include <setjmp.h>

#include "arch.h"

/* Resets the simulated machine and (re)initialises the runtime; call first
 * in every test (fork mode gives each test a fresh process anyway). */
void host_reset(const char *cmdline);

/* Time. host_advance_ns moves the clock forward and delivers the clock
 * interrupt if its deadline passed (and the IRQL allows it). */
uint64_t host_now_ns(void);
void host_advance_ns(uint64_t ns);
uint64_t host_clock_deadline_ns(void);  /* UINT64_MAX if disarmed */

/* Raises a device interrupt on vector; delivered now if interrupts are on
 * and vector >> 4 is above the IRQL, else when that becomes true. */
void host_raise_interrupt(unsigned vector);
bool host_vector_masked(unsigned vector);
unsigned host_eoi_count(void);

/* Port I/O (bytes, and word writes): a test may stand in for a device
 * (host_reset clears them; unset, the bus floats: reads give 0xff, writes
 * vanish). */
extern uint8_t (*host_inb_hook)(uint16_t port);
extern void (*host_outb_hook)(uint16_t port, uint8_t v);
extern void (*host_outw_hook)(uint16_t port, uint16_t v);

/* Fake PCI functions for the PnP manager (copied). */
void host_pci_add(const arch_pci_func *f);
/* The D-state (0..3) last written to the index-th function's PMCSR. */
unsigned host_pci_power(unsigned index);
/* The host requests the removal of the index-th function (QEMU's device_del);
 * host_pci_ejected tells whether the guest ejected it since. */
void host_pci_request_unplug(unsigned index);
bool host_pci_ejected(unsigned index);

/* Expected bugchecks: wrap the call in HOST_EXPECT_BUGCHECK; returns the
 * code (0 if none happened). Parameters in host_bugcheck_params. */
extern jmp_buf *host_bugcheck_jmp;
extern uintptr_t host_bugcheck_params[4];
#define HOST_EXPECT_BUGCHECK(code_var, stmt)                 \
    do {                                                     \
        jmp_buf jb_;                                         \
        int r_;                                              \
        host_bugcheck_jmp = &jb_;                            \
        r_ = setjmp(jb_);                                    \
        if (r_ == 0) {                                       \
            stmt;                                            \
            (code_var) = 0;                                  \
        } else {                                             \
            (code_var) = (uint32_t)r_;                       \
        }                                                    \
        host_bugcheck_jmp = NULL;                            \
    } while (0)

/* Everything the runtime printed since host_reset. */
const char *host_console_text(void);

#endif /* HOST_ARCH_H */
