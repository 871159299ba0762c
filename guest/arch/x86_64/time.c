/* SPDX-License-Identifier: MIT */
/*
 * The clock: TSC ticks since boot scaled to ns. The scale comes from timing
 * 10 ms of the LAPIC timer (1 GHz in QEMU) and rounding to whole MHz. Under
 * -icount shift=N,sleep=off QEMU's TSC *is* the virtual clock in ns, the
 * measurement lands within a few ns of 10 ms, the rounded rate is exactly
 * 1000 MHz and arch_time_ns() equals the virtual clock minus the boot
 * offset: deterministic, and the same time base the device paces itself on.
 *
 * The 10 ms are waited in hlt for the timer's interrupt rather than by
 * polling its count: a halted vCPU under icount sleep=off makes QEMU jump
 * the virtual clock to the deadline at once, where a polling loop executed
 * some 80 000 LAPIC reads first; without icount it is 10 ms either way.
 * Any other wake-up (a spurious vector) halts again; QEMU's LAPIC timer
 * always counts, so the harness's timeout is the only bound needed.
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

#define CALIBRATION_NS 10000000u
#define KHZ_PER_MHZ 1000u
#define FALLBACK_MHZ 1000u

static uint64_t tsc_at_boot;
static uint64_t tsc_khz;
static uint64_t ns_per_tick_q32;  /* ns per TSC tick, 32.32 fixed point */

static volatile bool calibration_fired;

/* The calibration timer's interrupt (X86_VEC_CALIBRATE), from arch_trap. */
void time_calibration_interrupt(void)
{
    calibration_fired = true;
    apic_write(APIC_REG_EOI, 0);
}

void time_init(void)
{
    uint64_t t0, t1, mhz;

    apic_write(APIC_REG_LVT_TIMER, APIC_LVT_TIMER_ONESHOT | X86_VEC_CALIBRATE);
    apic_write(APIC_REG_TIMER_DCR, APIC_DCR_DIVIDE_1);
    calibration_fired = false;
    apic_write(APIC_REG_TIMER_ICR, CALIBRATION_NS);
    t0 = rdtsc();
    do {
        sti_hlt();
        cli();
        t1 = rdtsc();
    } while (!calibration_fired);
    apic_write(APIC_REG_TIMER_ICR, 0);
    apic_write(APIC_REG_LVT_TIMER, APIC_LVT_TIMER_ONESHOT | ARCH_VEC_CLOCK);

    mhz = ((t1 - t0) * (APIC_TIMER_HZ / CALIBRATION_NS) + 500000) / 1000000;
    if (mhz == 0) {
        con_printf("# clock: LAPIC timer calibration failed, assuming %u MHz\n",
                   FALLBACK_MHZ);
        mhz = FALLBACK_MHZ;
    }
    tsc_khz = mhz * KHZ_PER_MHZ;
    ns_per_tick_q32 = ((uint64_t)KHZ_PER_MHZ << 32) / mhz;
    tsc_at_boot = t0;
}

uint64_t time_tsc_khz(void)
{
    return tsc_khz;
}

uint64_t arch_time_ns(void)
{
    uint64_t ticks = rdtsc() - tsc_at_boot;

    return (uint64_t)(((unsigned __int128)ticks * ns_per_tick_q32) >> 32);
}
