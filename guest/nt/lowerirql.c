/* SPDX-License-Identifier: MIT */
/*
 * Lowering the IRQL and interrupt entry, where what a raised IRQL held back
 * is delivered: lowering below DISPATCH_LEVEL first runs the queued DPCs at
 * DISPATCH_LEVEL (and, at PASSIVE_LEVEL, the queued work items). An
 * interrupt runs its ISRs (or the clock) at the vector's IRQL (vector >> 4)
 * with interrupts disabled, sends the EOI, then drops back, draining DPCs on
 * the way down.
 */
#include "irql.h"

/*
 * Lowers to Target, running DPCs at DISPATCH_LEVEL first when Target is
 * below it. The final check and the IRQL change happen with interrupts off,
 * so a DPC queued by an interrupt in between is never stranded.
 */
static void KiLowerTo(KIRQL Target)
{
    unsigned long flags;

    if (Target >= DISPATCH_LEVEL) {
        KiSetIrql(Target);
        return;
    }
    if (KiIrql > DISPATCH_LEVEL) {
        KiSetIrql(DISPATCH_LEVEL);
    }
    for (;;) {
        flags = arch_intr_save();
        if (!KiDpcPending()) {
            KiSetIrql(Target);
            arch_intr_restore(flags);
            if (Target == PASSIVE_LEVEL && KiWorkItemsPending()) {
                KiRunWorkItems();
            }
            return;
        }
        arch_intr_restore(flags);
        KiSetIrql(DISPATCH_LEVEL);
        KiRetireDpcList();
    }
}

VOID NTAPI KeLowerIrql(KIRQL NewIrql)
{
    if (NewIrql > KiIrql) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     VERIFIER_LOWER_IRQL_INVALID, KiIrql, NewIrql, KiCaller());
    }
    KiLowerTo(NewIrql);
}

/* Entered from the platform with interrupts disabled. */
void ki_interrupt(unsigned vector)
{
    KIRQL old = KiIrql;
    KIRQL level = (KIRQL)(vector >> 4);

    if (level <= old) {
        /* The TPR holds such vectors back; seeing one means the IRQL and
         * the TPR disagree. */
        KeBugCheckEx(IRQL_UNEXPECTED_VALUE, old, level, vector, 0);
    }
    KiSetIrql(level);
    if (vector == ARCH_VEC_CLOCK) {
        KiClockInterrupt();
    } else {
        KiDispatchInterrupt(vector);
    }
    arch_eoi();
    if (old < DISPATCH_LEVEL) {
        KiSetIrql(DISPATCH_LEVEL);
        while (KiDpcPending()) {
            arch_intr_enable();
            KiRetireDpcList();
            arch_intr_disable();
        }
    }
    KiSetIrql(old);
}

/* At PASSIVE_LEVEL the queue is already empty (lowering drained it) unless
 * interrupts queued more since; one raise/lower cycle runs those. */
VOID NTAPI KeFlushQueuedDpcs(VOID)
{
    KIRQL old;

    PAGED_CODE();
    KeRaiseIrql(DISPATCH_LEVEL, &old);
    KeLowerIrql(old);
}
