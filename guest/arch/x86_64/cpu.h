/* SPDX-License-Identifier: MIT */
/*
 * Inline wrappers for the x86-64 instructions the platform needs: port I/O,
 * control registers, MSRs, the interrupt flag, TSC. Guest-only; nt/ never
 * includes this file (it sees arch.h).
 */
#ifndef CPU_H
#define CPU_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    __asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;

    __asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    __asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ __volatile__("wrmsr" : : "c"(msr), "a"((uint32_t)v),
                         "d"((uint32_t)(v >> 32)));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t read_cr0(void)
{
    uint64_t v;

    __asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr2(void)
{
    uint64_t v;

    __asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr3(void)
{
    uint64_t v;

    __asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr4(void)
{
    uint64_t v;

    __asm__ __volatile__("mov %%cr4, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr8(void)
{
    uint64_t v;

    __asm__ __volatile__("mov %%cr8, %0" : "=r"(v));
    return v;
}

static inline void write_cr8(uint64_t v)
{
    __asm__ __volatile__("mov %0, %%cr8" : : "r"(v) : "memory");
}

static inline uint64_t read_rflags(void)
{
    uint64_t v;

    __asm__ __volatile__("pushfq; popq %0" : "=r"(v));
    return v;
}

static inline void cli(void)
{
    __asm__ __volatile__("cli" : : : "memory");
}

static inline void sti(void)
{
    __asm__ __volatile__("sti" : : : "memory");
}

/* sti takes effect after the next instruction, so no interrupt can slip in
 * between the caller's last check and the hlt. */
static inline void sti_hlt(void)
{
    __asm__ __volatile__("sti; hlt" : : : "memory");
}

static inline void cpu_pause(void)
{
    __asm__ __volatile__("pause");
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
    return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

#endif /* CPU_H */
