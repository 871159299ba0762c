/* SPDX-License-Identifier: MIT */
/*
 * The processor side of arch.h: the interrupt flag, the task priority (CR8,
 * which the IRQL code keeps equal to the IRQL), idling and port I/O. The
 * interrupt flag is the only lock on a single processor.
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

unsigned long arch_intr_save(void)
{
    unsigned long flags = read_rflags();

    cli();
    return flags & X86_RFLAGS_IF;
}

void arch_intr_restore(unsigned long state)
{
    if (state) {
        sti();
    }
}

void arch_intr_enable(void)
{
    sti();
}

void arch_intr_disable(void)
{
    cli();
}

void arch_set_tpr(unsigned irql)
{
    write_cr8(irql);
}

void arch_idle(void)
{
    sti_hlt();
    cli();
}

uint8_t arch_inb(uint16_t port)
{
    return inb(port);
}

uint16_t arch_inw(uint16_t port)
{
    return inw(port);
}

uint32_t arch_inl(uint16_t port)
{
    return inl(port);
}

void arch_outb(uint16_t port, uint8_t v)
{
    outb(port, v);
}

void arch_outw(uint16_t port, uint16_t v)
{
    outw(port, v);
}

void arch_outl(uint16_t port, uint32_t v)
{
    outl(port, v);
}
