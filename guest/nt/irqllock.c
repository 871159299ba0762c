/* SPDX-License-Identifier: MIT */
/*
 * Locks taken at a raised IRQL: spin locks that raise to DISPATCH_LEVEL,
 * in-stack queued spin locks, the interrupt spin lock and
 * KeSynchronizeExecution. Each raises, takes the lock word (spinlock.c) and
 * on release lowers through KeLowerIrql, which delivers what waited.
 */
#include "spinlock.h"

VOID NTAPI KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock, PKIRQL OldIrql)
{
    ULONG_PTR caller = KiCaller();

    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)SpinLock, KiIrql, 0,
                     caller);
    }
    *OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    KiTakeLock(SpinLock, caller);
}

VOID NTAPI KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    KiDropLock(SpinLock, KiCaller());
    KeLowerIrql(NewIrql);
}

VOID NTAPI KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock,
                                          PKLOCK_QUEUE_HANDLE LockHandle)
{
    ULONG_PTR caller = KiCaller();

    if (KiIrql > DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_LESS_OR_EQUAL, (ULONG_PTR)SpinLock, KiIrql, 0,
                     caller);
    }
    LockHandle->Lock = SpinLock;
    LockHandle->OldIrql = KfRaiseIrql(DISPATCH_LEVEL);
    KiTakeLock(SpinLock, caller);
}

VOID NTAPI KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    KiDropLock(LockHandle->Lock, KiCaller());
    KeLowerIrql(LockHandle->OldIrql);
}

BOOLEAN NTAPI KeSynchronizeExecution(PKINTERRUPT Interrupt,
                                     PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
                                     PVOID SynchronizeContext)
{
    KIRQL old = KfRaiseIrql(Interrupt->SynchronizeIrql);
    BOOLEAN r;

    KeAcquireSpinLockAtDpcLevel(Interrupt->ActualLock);
    r = SynchronizeRoutine(SynchronizeContext);
    KeReleaseSpinLockFromDpcLevel(Interrupt->ActualLock);
    KeLowerIrql(old);
    return r;
}

KIRQL NTAPI KeAcquireInterruptSpinLock(PKINTERRUPT Interrupt)
{
    KIRQL old = KfRaiseIrql(Interrupt->SynchronizeIrql);

    KeAcquireSpinLockAtDpcLevel(Interrupt->ActualLock);
    return old;
}

VOID NTAPI KeReleaseInterruptSpinLock(PKINTERRUPT Interrupt, KIRQL OldIrql)
{
    KeReleaseSpinLockFromDpcLevel(Interrupt->ActualLock);
    KeLowerIrql(OldIrql);
}
