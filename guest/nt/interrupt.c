/* SPDX-License-Identifier: MIT */
/*
 * Interrupt objects. Each vector has a chain of KINTERRUPTs; the dispatcher
 * offers the interrupt to each ISR at its SynchronizeIrql holding its spin
 * lock, stopping at the first that claims a level-triggered one. A level
 * line nobody claims 1000 times in a row is masked and reported (it would
 * otherwise storm forever). Chains change only with interrupts disabled.
 * KeSynchronizeExecution and the interrupt spin lock, which lower the IRQL,
 * are in irqllock.c.
 */
#include "irql.h"

#define KI_INTERRUPT_TYPE 0x16
#define KI_FIRST_DEVICE_VECTOR 0x30
#define KI_UNCLAIMED_STORM 1000

static LIST_ENTRY KiInterruptChains[256];
static ULONG KiUnclaimed[256];
static ULONG KiConnected;

VOID KiInitializeInterrupts(VOID)
{
    for (ULONG v = 0; v < RTL_NUMBER_OF(KiInterruptChains); v++) {
        InitializeListHead(&KiInterruptChains[v]);
        KiUnclaimed[v] = 0;
    }
    KiConnected = 0;
}

ULONG KiConnectedInterrupts(VOID)
{
    return KiConnected;
}

NTSTATUS NTAPI IoConnectInterrupt(
    PKINTERRUPT *InterruptObject, PKSERVICE_ROUTINE ServiceRoutine,
    PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector, KIRQL Irql,
    KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode, BOOLEAN ShareVector,
    KAFFINITY ProcessorEnableMask, BOOLEAN FloatingSave)
{
    PKINTERRUPT intr;
    PLIST_ENTRY chain;
    unsigned long flags;
    BOOLEAN first;

    UNREFERENCED_PARAMETER(FloatingSave);
    PAGED_CODE();
    *InterruptObject = NULL;
    if (!ServiceRoutine || Vector < KI_FIRST_DEVICE_VECTOR || Vector > 0xfe ||
        Vector == ARCH_VEC_CLOCK || Irql != (KIRQL)(Vector >> 4) ||
        SynchronizeIrql < Irql || SynchronizeIrql > HIGH_LEVEL ||
        (ProcessorEnableMask & 1) == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    chain = &KiInterruptChains[Vector];
    if (!IsListEmpty(chain)) {
        PKINTERRUPT other = CONTAINING_RECORD(chain->Flink, KINTERRUPT,
                                              InterruptListEntry);

        if (!ShareVector || !other->ShareVector ||
            other->Mode != InterruptMode) {
            return STATUS_INVALID_PARAMETER;
        }
    }
    intr = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*intr), 'OtnI');
    if (!intr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(intr, sizeof(*intr));
    intr->Type = KI_INTERRUPT_TYPE;
    intr->Size = sizeof(*intr);
    intr->ServiceRoutine = ServiceRoutine;
    intr->ServiceContext = ServiceContext;
    intr->ActualLock = SpinLock ? SpinLock : &intr->SpinLock;
    intr->Vector = Vector;
    intr->Irql = Irql;
    intr->SynchronizeIrql = SynchronizeIrql;
    intr->Mode = InterruptMode;
    intr->ShareVector = ShareVector;
    intr->Connected = TRUE;
    flags = arch_intr_save();
    first = IsListEmpty(chain);
    InsertTailList(chain, &intr->InterruptListEntry);
    KiUnclaimed[Vector] = 0;
    KiConnected++;
    arch_intr_restore(flags);
    if (first) {
        arch_irq_unmask(Vector);
    }
    *InterruptObject = intr;
    return STATUS_SUCCESS;
}

VOID NTAPI IoDisconnectInterrupt(PKINTERRUPT InterruptObject)
{
    unsigned long flags;
    BOOLEAN last;

    PAGED_CODE();
    if (!InterruptObject || InterruptObject->Type != KI_INTERRUPT_TYPE ||
        !InterruptObject->Connected) {
        KeBugCheckEx(DRIVER_VERIFIER_DETECTED_VIOLATION, 0x1000,
                     (ULONG_PTR)InterruptObject, KiCaller(), 0);
    }
    flags = arch_intr_save();
    RemoveEntryList(&InterruptObject->InterruptListEntry);
    KiConnected--;
    last = IsListEmpty(&KiInterruptChains[InterruptObject->Vector]);
    arch_intr_restore(flags);
    if (last) {
        arch_irq_mask(InterruptObject->Vector);
    }
    InterruptObject->Connected = FALSE;
    InterruptObject->Type = 0;
    ExFreePoolWithTag(InterruptObject, 'OtnI');
}

static BOOLEAN KiCallIsr(PKINTERRUPT Interrupt)
{
    KIRQL old = KiIrql;
    BOOLEAN claimed;

    if (Interrupt->SynchronizeIrql > old) {
        KfRaiseIrql(Interrupt->SynchronizeIrql);
    }
    KeAcquireSpinLockAtDpcLevel(Interrupt->ActualLock);
    claimed = Interrupt->ServiceRoutine(Interrupt, Interrupt->ServiceContext);
    KeReleaseSpinLockFromDpcLevel(Interrupt->ActualLock);
    if (KiIrql != (Interrupt->SynchronizeIrql > old ? Interrupt->SynchronizeIrql
                                                    : old)) {
        KeBugCheckEx(IRQL_UNEXPECTED_VALUE, KiIrql, old,
                     (ULONG_PTR)Interrupt->ServiceRoutine, Interrupt->Vector);
    }
    /* old is the vector's IRQL, above DISPATCH_LEVEL: nothing is delivered
     * there, so the IRQL goes straight back (ki_interrupt delivers on its
     * way down). */
    if (KiIrql != old) {
        KiSetIrql(old);
    }
    return claimed;
}

/* At the vector's IRQL, interrupts disabled. */
VOID KiDispatchInterrupt(ULONG Vector)
{
    PLIST_ENTRY chain = &KiInterruptChains[Vector & 0xff];
    BOOLEAN claimed = FALSE;
    BOOLEAN level = FALSE;

    for (PLIST_ENTRY e = chain->Flink; e != chain; e = e->Flink) {
        PKINTERRUPT intr = CONTAINING_RECORD(e, KINTERRUPT, InterruptListEntry);

        level = intr->Mode == LevelSensitive;
        if (KiCallIsr(intr)) {
            intr->ServiceCount++;
            claimed = TRUE;
            if (level) {
                break;
            }
        }
    }
    if (claimed) {
        KiUnclaimed[Vector] = 0;
        return;
    }
    if (++KiUnclaimed[Vector] == KI_UNCLAIMED_STORM && level) {
        DbgPrint("interrupt vector 0x%x: nobody claimed it %u times, masked\n",
                 Vector, KI_UNCLAIMED_STORM);
        arch_irq_mask(Vector);
    }
}
