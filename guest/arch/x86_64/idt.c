/* SPDX-License-Identifier: MIT */
/*
 * GDT task state, IDT and the trap dispatcher. Exceptions print a register
 * dump and become bugchecks (ki_exception in nt/); vectors >= 32 go to
 * ki_interrupt with interrupts disabled. The double fault runs on its own
 * stack (IST1) so a stack overflow still reports.
 */
#include "cpu.h"
#include "platform.h"
#include "x86-defs.h"

/* Implemented by nt/: maps an exception to its bugcheck, never returns. */
__attribute__((noreturn)) void ki_exception(unsigned vector, uint64_t error,
                                            uint64_t rip, uint64_t cr2);

typedef struct __attribute__((packed)) idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t reserved;
} idt_gate;

typedef struct __attribute__((packed)) tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} tss64;

typedef struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
} desc_ptr;

/* present, DPL 0, 64-bit interrupt gate */
#define IDT_TYPE_INTERRUPT_GATE 0x8e
#define TSS_TYPE_AVAILABLE      0x89    /* present, 64-bit TSS available */
#define IST_DOUBLE_FAULT        1
/* Frame pointers worth following: mapped, identity-mapped memory only. */
#define FRAME_LOW               0x1000ull
#define FRAME_HIGH              0x100000000ull
#define DUMP_FRAMES             16

extern char isr_stubs[];
extern uint64_t boot_gdt[];
extern char ist_stack_top[];

static idt_gate idt[256] __attribute__((aligned(16)));
static tss64 tss __attribute__((aligned(16)));

static struct {
    uintptr_t resume_rip;
    unsigned vector;
    bool armed;
} trap_expected;
static unsigned trap_counts[X86_NUM_EXCEPTIONS];

static const char *const exception_names[X86_NUM_EXCEPTIONS] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check",
    "#MC machine check", "#XM SIMD error", "#VE virtualization",
    "#CP control protection",
};

static void idt_set_gate(unsigned vector, uintptr_t handler, unsigned ist)
{
    idt_gate *g = &idt[vector];

    g->offset_lo = (uint16_t)handler;
    g->selector = X86_SEL_CODE64;
    g->ist = (uint8_t)ist;
    g->type_attr = IDT_TYPE_INTERRUPT_GATE;
    g->offset_mid = (uint16_t)(handler >> 16);
    g->offset_hi = (uint32_t)(handler >> 32);
    g->reserved = 0;
}

static void gdt_set_tss(void)
{
    uint64_t base = (uintptr_t)&tss;
    uint64_t limit = sizeof(tss) - 1;
    unsigned slot = X86_SEL_TSS / 8;

    boot_gdt[slot] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                     ((uint64_t)TSS_TYPE_AVAILABLE << 40) |
                     (((limit >> 16) & 0xf) << 48) |
                     (((base >> 24) & 0xff) << 56);
    boot_gdt[slot + 1] = base >> 32;
}

void idt_init(void)
{
    desc_ptr idtr = { sizeof(idt) - 1, (uintptr_t)idt };

    tss.ist[IST_DOUBLE_FAULT - 1] = (uintptr_t)ist_stack_top;
    tss.iomap_base = sizeof(tss);
    gdt_set_tss();
    __asm__ __volatile__("ltr %w0" : : "r"(X86_SEL_TSS));
    for (unsigned v = 0; v < 256; v++) {
        idt_set_gate(v, (uintptr_t)isr_stubs + 16 * v,
                     (v == X86_VEC_DF || v == X86_VEC_NMI) ? IST_DOUBLE_FAULT
                                                           : 0);
    }
    __asm__ __volatile__("lidt %0" : : "m"(idtr));
}

void trap_expect(unsigned vector, uintptr_t resume_rip)
{
    trap_expected.vector = vector;
    trap_expected.resume_rip = resume_rip;
    trap_expected.armed = true;
}

unsigned trap_count(unsigned vector)
{
    return vector < X86_NUM_EXCEPTIONS ? trap_counts[vector] : 0;
}

static void trap_dump(const arch_frame *f, uint64_t cr2)
{
    uintptr_t pcs[DUMP_FRAMES];
    unsigned n;

    con_printf("*** EXCEPTION %u (%s) error 0x%llx at rip 0x%016llx\n",
               (unsigned)f->vector,
               f->vector < X86_NUM_EXCEPTIONS && exception_names[f->vector]
                   ? exception_names[f->vector] : "?",
               (unsigned long long)f->error, (unsigned long long)f->rip);
    con_printf("rax %016llx rbx %016llx rcx %016llx rdx %016llx\n",
               (unsigned long long)f->rax, (unsigned long long)f->rbx,
               (unsigned long long)f->rcx, (unsigned long long)f->rdx);
    con_printf("rsi %016llx rdi %016llx rbp %016llx rsp %016llx\n",
               (unsigned long long)f->rsi, (unsigned long long)f->rdi,
               (unsigned long long)f->rbp, (unsigned long long)f->rsp);
    con_printf("r8  %016llx r9  %016llx r10 %016llx r11 %016llx\n",
               (unsigned long long)f->r8, (unsigned long long)f->r9,
               (unsigned long long)f->r10, (unsigned long long)f->r11);
    con_printf("r12 %016llx r13 %016llx r14 %016llx r15 %016llx\n",
               (unsigned long long)f->r12, (unsigned long long)f->r13,
               (unsigned long long)f->r14, (unsigned long long)f->r15);
    con_printf("cs %04llx ss %04llx rflags %08llx cr2 %016llx cr3 %016llx cr8 "
               "%llu\n", (unsigned long long)f->cs, (unsigned long long)f->ss,
               (unsigned long long)f->rflags, (unsigned long long)cr2,
               (unsigned long long)read_cr3(), (unsigned long long)read_cr8());
    /* Walk the interrupted code's frame chain, not this handler's. */
    pcs[0] = f->rip;
    n = 1;
    {
        const uint64_t *fp = (const uint64_t *)f->rbp;

        while (n < DUMP_FRAMES && fp && ((uintptr_t)fp & 7) == 0 &&
               (uintptr_t)fp >= FRAME_LOW && (uintptr_t)fp < FRAME_HIGH) {
            if (!fp[1]) {
                break;
            }
            pcs[n++] = fp[1];
            if ((const uint64_t *)fp[0] <= fp) {
                break;
            }
            fp = (const uint64_t *)fp[0];
        }
    }
    con_puts("stack:");
    for (unsigned i = 0; i < n; i++) {
        con_printf(" %llx", (unsigned long long)pcs[i]);
    }
    con_puts("\n");
}

void arch_trap(arch_frame *f)
{
    uint64_t cr2;

    if (f->vector >= X86_NUM_EXCEPTIONS) {
        if (f->vector == X86_VEC_CALIBRATE) {
            time_calibration_interrupt();
        } else if (f->vector != X86_VEC_SPURIOUS) {
            ki_interrupt((unsigned)f->vector);
        }
        return;
    }
    cr2 = read_cr2();
    trap_counts[f->vector]++;
    if (trap_expected.armed && trap_expected.vector == f->vector) {
        trap_expected.armed = false;
        f->rip = trap_expected.resume_rip;
        return;
    }
    trap_dump(f, cr2);
    ki_exception((unsigned)f->vector, f->error, f->rip, cr2);
}

unsigned arch_backtrace(uintptr_t *pcs, unsigned max)
{
    const uint64_t *fp = __builtin_frame_address(0);
    unsigned n = 0;

    while (n < max && fp && ((uintptr_t)fp & 7) == 0 &&
           (uintptr_t)fp >= FRAME_LOW && (uintptr_t)fp < FRAME_HIGH &&
           fp[1]) {
        pcs[n++] = fp[1];
        if ((const uint64_t *)fp[0] <= fp) {
            break;
        }
        fp = (const uint64_t *)fp[0];
    }
    return n;
}
