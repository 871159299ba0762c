/* SPDX-License-Identifier: MIT */
/*
 * One 16-byte stub per IDT vector (idt.c points vector v at isr_stubs + 16 v).
 * Each pushes a zero error code where the CPU pushes none, then the vector;
 * isr_common saves the general registers and the FPU/SSE state (ISRs and DPCs
 * may use SSE: the interrupted code's XMM registers must survive) and calls
 * arch_trap(frame) on a 16-byte aligned stack.
 */
        .text
        .balign 16
        .globl isr_stubs
isr_stubs:
        .set vec, 0
        .rept 256
        .balign 16
        /* Vectors for which the CPU pushes an error code itself. */
        .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || \
            (vec == 21) || (vec == 29) || (vec == 30)
        .else
        pushq $0
        .endif
        pushq $vec
        jmp isr_common
        .org isr_stubs + 16 * (vec + 1)
        .set vec, vec + 1
        .endr
        .balign 16

isr_common:
        cld
        push %rax
        push %rbx
        push %rcx
        push %rdx
        push %rsi
        push %rdi
        push %rbp
        push %r8
        push %r9
        push %r10
        push %r11
        push %r12
        push %r13
        push %r14
        push %r15
        mov %rsp, %rbx
        sub $512, %rsp
        and $~15, %rsp
        fxsave (%rsp)
        mov %rbx, %rdi
        call arch_trap
        fxrstor (%rsp)
        mov %rbx, %rsp
        pop %r15
        pop %r14
        pop %r13
        pop %r12
        pop %r11
        pop %r10
        pop %r9
        pop %r8
        pop %rbp
        pop %rdi
        pop %rsi
        pop %rdx
        pop %rcx
        pop %rbx
        pop %rax
        add $16, %rsp
        iretq

        .section .note.GNU-stack, "", @progbits
