/* SPDX-License-Identifier: MIT */
/*
 * PVH entry: QEMU's pvh.bin jumps to pvh_start32 in 32-bit protected mode,
 * paging off, %ebx = &hvm_start_info. We clear .bss, switch to long mode on
 * static page tables that identity-map 0-4 GiB (2 MiB pages; 3-4 GiB, the
 * PCI hole, uncached; arch_main unmaps page 0 to catch NULL once it has read
 * the start info that the loader put there), enable SSE and call
 * arch_main(start_info) on the boot stack. Nothing here may touch .bss before
 * it is cleared.
 */
#include "x86-defs.h"

#define BOOT_STACK_SIZE 0x10000
#define IST_STACK_SIZE  0x4000
#define TWO_MB          0x200000
#define HOLE_START      0xc0000000
#define PDE_FLAGS       (X86_PTE_P | X86_PTE_RW | X86_PTE_PS)
#define PDE_MMIO_FLAGS  (PDE_FLAGS | X86_PTE_PCD | X86_PTE_PWT)

        .section .note.Xen, "a", @note
        .balign 4
        .long 4                 /* name size */
        .long 4                 /* descriptor size */
        .long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
        .asciz "Xen"
        .balign 4
        .long pvh_start32

        .section .text.boot, "ax"
        .code32
        .globl pvh_start32
pvh_start32:
        cli
        cld
        mov %ebx, %esi
        /* Four bytes a step (32-bit code has no stosq): under icount every
         * repetition of a string instruction is one counted instruction and
         * one pass through TCG's loop, 220 000 of them a byte at a time. */
        mov $__bss_start, %edi
        mov $__bss_end, %ecx
        sub %edi, %ecx
        mov %ecx, %edx
        shr $2, %ecx
        xor %eax, %eax
        rep stosl
        mov %edx, %ecx
        and $3, %ecx
        rep stosb
        mov %esi, pvh_start_info
        mov $boot_stack_top, %esp

        mov %cr4, %eax
        or $(X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT), %eax
        mov %eax, %cr4
        mov $boot_pml4, %eax
        mov %eax, %cr3
        mov $X86_MSR_EFER, %ecx
        rdmsr
        or $X86_EFER_LME, %eax
        wrmsr
        mov %cr0, %eax
        and $~X86_CR0_EM, %eax
        or $(X86_CR0_PG | X86_CR0_PE | X86_CR0_MP | X86_CR0_NE | \
             X86_CR0_WP), %eax
        mov %eax, %cr0
        lgdt boot_gdt_ptr
        ljmp $X86_SEL_CODE64, $start64

        .code64
start64:
        mov $X86_SEL_DATA, %eax
        mov %eax, %ds
        mov %eax, %es
        mov %eax, %ss
        xor %eax, %eax
        mov %eax, %fs
        mov %eax, %gs
        mov $boot_stack_top, %rsp
        xor %ebp, %ebp
        mov pvh_start_info(%rip), %edi
        call arch_main
1:      cli
        hlt
        jmp 1b

        .data
        .balign 16
        .globl boot_gdt
boot_gdt:
        .quad 0
        .quad 0x00af9a000000ffff        /* X86_SEL_CODE64: long-mode code */
        .quad 0x00cf92000000ffff        /* X86_SEL_DATA */
        .quad 0, 0                      /* X86_SEL_TSS: filled by idt.c */
boot_gdt_end:
        .globl boot_gdt_ptr
boot_gdt_ptr:
        .word boot_gdt_end - boot_gdt - 1
        .quad boot_gdt

        .globl pvh_start_info
        .balign 8
pvh_start_info:
        .quad 0

        .section .data.pagetables, "aw"
        .balign 4096
boot_pml4:
        .quad boot_pdpt + (X86_PTE_P | X86_PTE_RW)
        .fill 511, 8, 0
boot_pdpt:
        .quad boot_pd + (X86_PTE_P | X86_PTE_RW)
        .quad boot_pd + 0x1000 + (X86_PTE_P | X86_PTE_RW)
        .quad boot_pd + 0x2000 + (X86_PTE_P | X86_PTE_RW)
        .quad boot_pd + 0x3000 + (X86_PTE_P | X86_PTE_RW)
        .fill 508, 8, 0
/* 2048 PDEs: the first points at boot_pt0 (4 KiB pages for 0-2 MiB). */
boot_pd:
        .quad boot_pt0 + (X86_PTE_P | X86_PTE_RW)
        .set addr, TWO_MB
        .rept (HOLE_START / TWO_MB) - 1
        .quad addr + PDE_FLAGS
        .set addr, addr + TWO_MB
        .endr
        .rept (0x100000000 - HOLE_START) / TWO_MB
        .quad addr + PDE_MMIO_FLAGS
        .set addr, addr + TWO_MB
        .endr
        .globl boot_pt0
boot_pt0:
        .set addr, 0                    /* page 0 is unmapped by arch_main */
        .rept 512
        .quad addr + (X86_PTE_P | X86_PTE_RW)
        .set addr, addr + 0x1000
        .endr

        .section .bss
        .balign 4096
        .globl boot_stack_guard
        /* unmapped by arch_main: overflow faults */
boot_stack_guard:
        .skip 4096
        .globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
        .skip BOOT_STACK_SIZE
boot_stack_top:
        .globl ist_stack_bottom, ist_stack_top
ist_stack_bottom:
        .skip IST_STACK_SIZE
ist_stack_top:

        .section .note.GNU-stack, "", @progbits
