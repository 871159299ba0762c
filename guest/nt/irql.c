/* SPDX-License-Identifier: MIT */
/*
 * The IRQL itself: a software copy of the processor's task priority
 * (arch_set_tpr). Raising never enables anything, so it lives here with the
 * state; lowering, which delivers what the raised IRQL held back, is in
 * lowerirql.c.
 */
#include "irql.h"

volatile KIRQL KiIrql = PASSIVE_LEVEL;

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

VOID NTAPI KiCheckPagedCode(PCSTR Function)
{
    if (KiIrql > APC_LEVEL) {
        DbgPrint("PAGED_CODE() in %s at IRQL %u\n", Function, KiIrql);
        KeBugCheckEx(DRIVER_IRQL_NOT_LESS_OR_EQUAL, 0, KiIrql, 0, KiCaller());
    }
}
