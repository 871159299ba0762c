/* SPDX-License-Identifier: MIT */
/*
 * Deferred procedure calls: one FIFO queue (HighImportance DPCs go to its
 * head), drained at DISPATCH_LEVEL whenever the IRQL falls below it. A DPC
 * is queued at most once; KDPC.DpcData is non-NULL exactly while queued.
 * The queue is touched only with interrupts disabled (ISRs queue DPCs).
 */
#include "ki.h"

#define KI_DPC_TYPE 0x13

static LIST_ENTRY KiDpcQueue;
static ULONG KiDpcQueueDepth;

VOID KiInitializeDpcs(VOID)
{
    InitializeListHead(&KiDpcQueue);
    KiDpcQueueDepth = 0;
}

BOOLEAN KiDpcPending(VOID)
{
    return !IsListEmpty(&KiDpcQueue);
}

VOID NTAPI KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
                           PVOID DeferredContext)
{
    RtlZeroMemory(Dpc, sizeof(*Dpc));
    Dpc->Type = KI_DPC_TYPE;
    Dpc->Importance = MediumImportance;
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
}

/* Deviation: threaded DPCs run as ordinary DPCs (there are no threads). */
VOID NTAPI KeInitializeThreadedDpc(PRKDPC Dpc,
                                   PKDEFERRED_ROUTINE DeferredRoutine,
                                   PVOID DeferredContext)
{
    KeInitializeDpc(Dpc, DeferredRoutine, DeferredContext);
}

VOID NTAPI KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
    Dpc->Importance = (UCHAR)Importance;
}

VOID NTAPI KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number)
{
    UNREFERENCED_PARAMETER(Dpc);
    if (Number != 0) {
        KeBugCheckEx(INVALID_AFFINITY_SET, (ULONG_PTR)Number, 1, 0, 0);
    }
}

BOOLEAN NTAPI KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1,
                               PVOID SystemArgument2)
{
    unsigned long flags;

    if (Dpc->Type != KI_DPC_TYPE || !Dpc->DeferredRoutine) {
        KeBugCheckEx(TIMER_OR_DPC_INVALID, 0, (ULONG_PTR)Dpc, 0, KiCaller());
    }
    flags = arch_intr_save();
    if (Dpc->DpcData) {
        arch_intr_restore(flags);
        return FALSE;
    }
    Dpc->SystemArgument1 = SystemArgument1;
    Dpc->SystemArgument2 = SystemArgument2;
    Dpc->DpcData = &KiDpcQueue;
    if (Dpc->Importance == HighImportance) {
        InsertHeadList(&KiDpcQueue, &Dpc->DpcListEntry);
    } else {
        InsertTailList(&KiDpcQueue, &Dpc->DpcListEntry);
    }
    KiDpcQueueDepth++;
    arch_intr_restore(flags);
    return TRUE;
}

BOOLEAN NTAPI KeRemoveQueueDpc(PRKDPC Dpc)
{
    unsigned long flags = arch_intr_save();
    BOOLEAN queued = Dpc->DpcData != NULL;

    if (queued) {
        RemoveEntryList(&Dpc->DpcListEntry);
        Dpc->DpcData = NULL;
        KiDpcQueueDepth--;
    }
    arch_intr_restore(flags);
    return queued;
}

VOID KiRetireDpcList(VOID)
{
    for (;;) {
        unsigned long flags = arch_intr_save();
        PKDPC dpc;
        PKDEFERRED_ROUTINE routine;
        PVOID context, arg1, arg2;

        if (IsListEmpty(&KiDpcQueue)) {
            arch_intr_restore(flags);
            return;
        }
        dpc =
            CONTAINING_RECORD(RemoveHeadList(&KiDpcQueue), KDPC, DpcListEntry);
        KiDpcQueueDepth--;
        routine = dpc->DeferredRoutine;
        context = dpc->DeferredContext;
        arg1 = dpc->SystemArgument1;
        arg2 = dpc->SystemArgument2;
        dpc->DpcData = NULL;
        arch_intr_enable();
        routine(dpc, context, arg1, arg2);
        arch_intr_disable();
        if (KiIrql != DISPATCH_LEVEL) {
            KeBugCheckEx(IRQL_UNEXPECTED_VALUE,
                         ((ULONG_PTR)KiIrql << 16) | (DISPATCH_LEVEL << 8),
                         (ULONG_PTR)routine, (ULONG_PTR)dpc, 0);
        }
        arch_intr_restore(flags);
    }
}
