/* SPDX-License-Identifier: MIT */
/*
 * The clock: TSC ticks since boot scaled to ns. The scale comes from timing
 * 10 ms of the LAPIC timer (1 GHz in QEMU) and rounding to whole MHz. Under
 * -icount shift=N,sleep=off QEMU's TSC *is* the virtual clock in ns, the
 * measurement lands within a few ns of 10 ms, the rounded rate is exactly
 * 1000 MHz and arch_time_ns() equals the virtual clock minus the boot
 * offset: deterministic, and the same time base the device paces itself on.
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

#define CALIBRATION_NS 10000000u
#define KHZ_PER_MHZ 1000u
#define FALLBACK_MHZ 1000u
/* Give up on a LAPIC timer that does not count: 100 ms at 100 GHz. */
#define CALIBRATION_TSC_LIMIT 10000000000ull

static uint64_t tsc_at_boot;
static uint64_t tsc_khz;
static uint64_t ns_per_tick_q32;  /* ns per TSC tick, 32.32 fixed point */

void time_init(void)
{
    uint64_t t0, t1, mhz;

    apic_write(APIC_REG_LVT_TIMER, APIC_LVT_MASKED | ARCH_VEC_CLOCK);
    apic_write(APIC_REG_TIMER_DCR, APIC_DCR_DIVIDE_1);
    apic_write(APIC_REG_TIMER_ICR, CALIBRATION_NS);
    t0 = rdtsc();
    do {
        cpu_pause();
        t1 = rdtsc();
    } while (apic_read(APIC_REG_TIMER_CCR) != 0 &&
             t1 - t0 < CALIBRATION_TSC_LIMIT);
    apic_write(APIC_REG_TIMER_ICR, 0);
    apic_write(APIC_REG_LVT_TIMER, APIC_LVT_TIMER_ONESHOT | ARCH_VEC_CLOCK);

    mhz = ((t1 - t0) * (APIC_TIMER_HZ / CALIBRATION_NS) + 500000) / 1000000;
    if (mhz == 0 || t1 - t0 >= CALIBRATION_TSC_LIMIT) {
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
