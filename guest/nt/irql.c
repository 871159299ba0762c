/* SPDX-License-Identifier: MIT */
/*
 * IRQL and interrupt entry. The IRQL is a software copy of the processor's
 * task priority (arch_set_tpr): raising never enables anything, lowering
 * below DISPATCH_LEVEL first runs the queued DPCs at DISPATCH_LEVEL. An
 * interrupt runs its ISRs at the vector's IRQL (vector >> 4) with interrupts
 * disabled, sends the EOI, then drops back, draining DPCs on the way down.
 */
#include "ki.h"

volatile KIRQL KiIrql = PASSIVE_LEVEL;

static void KiSetIrql(KIRQL Irql)
{
    KiIrql = Irql;
    arch_set_tpr(Irql);
}

KIRQL NTAPI KeGetCurrentIrql(VOID)
{
    return KiIrql;
}

KIRQL NTAPI KfRaiseIrql(KIRQL NewIrql)
{
    KIRQL old = KiIrql;

    if (NewIrql < old || NewIrql > HIGH_LEVEL) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION,
                     VERIFIER_RAISE_IRQL_INVALID, old, NewIrql, KiCaller());
    }
    KiSetIrql(NewIrql);
    return old;
}

KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID)
{
    return KfRaiseIrql(DISPATCH_LEVEL);
}

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

VOID KiCheckPagedCode(PCSTR Function)
{
    if (KiIrql > APC_LEVEL) {
        DbgPrint("PAGED_CODE() in %s at IRQL %u\n", Function, KiIrql);
        KeBugCheckEx(DRIVER_IRQL_NOT_LESS_OR_EQUAL, 0, KiIrql, 0, KiCaller());
    }
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
