/* SPDX-License-Identifier: MIT */
/*
 * Local APIC (xAPIC at its default base). The legacy PICs are masked; the
 * LAPIC's TPR is driven through CR8 by the IRQL code; its timer is the
 * one-shot clock interrupt, counting ns (divide by 1 at QEMU's 1 GHz).
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

uint32_t apic_read(uint32_t reg)
{
    return mmio_read32(APIC_DEFAULT_BASE + reg);
}

void apic_write(uint32_t reg, uint32_t v)
{
    mmio_write32(APIC_DEFAULT_BASE + reg, v);
}

uint32_t apic_id(void)
{
    return apic_read(APIC_REG_ID) >> APIC_ID_SHIFT;
}

void apic_init(void)
{
    outb(PIC1_DATA, 0xff);
    outb(PIC2_DATA, 0xff);
    wrmsr(X86_MSR_APIC_BASE, APIC_DEFAULT_BASE | X86_APIC_BASE_ENABLE |
          (rdmsr(X86_MSR_APIC_BASE) & 0xfffu));
    apic_write(APIC_REG_SVR, APIC_SVR_ENABLE | X86_VEC_SPURIOUS);
    apic_write(APIC_REG_TPR, 0);
    apic_write(APIC_REG_LVT_LINT0, APIC_LVT_MASKED);
    apic_write(APIC_REG_LVT_LINT1, APIC_LVT_DM_NMI);
    apic_write(APIC_REG_LVT_ERROR, APIC_LVT_MASKED);
    apic_write(APIC_REG_TIMER_DCR, APIC_DCR_DIVIDE_1);
    apic_write(APIC_REG_LVT_TIMER, APIC_LVT_TIMER_ONESHOT | ARCH_VEC_CLOCK);
    apic_write(APIC_REG_TIMER_ICR, 0);
    write_cr8(0);
}

void arch_eoi(void)
{
    apic_write(APIC_REG_EOI, 0);
}

/* Counts are ns at divide 1; a longer delay fires early and the clock
 * handler re-arms for the remainder. */
void apic_timer_arm_ns(uint64_t delta_ns)
{
    if (delta_ns == 0) {
        delta_ns = 1;
    }
    if (delta_ns > APIC_TIMER_MAX_COUNT) {
        delta_ns = APIC_TIMER_MAX_COUNT;
    }
    apic_write(APIC_REG_TIMER_ICR, (uint32_t)delta_ns);
}

void arch_clock_set_deadline(uint64_t deadline_ns)
{
    uint64_t now;

    if (deadline_ns == UINT64_MAX) {
        apic_write(APIC_REG_TIMER_ICR, 0);
        return;
    }
    now = arch_time_ns();
    apic_timer_arm_ns(deadline_ns > now ? deadline_ns - now : 1);
}
