/* SPDX-License-Identifier: MIT */
/*
 * Spin locks on one processor: raising the IRQL is what excludes others, the
 * lock word only records the holder so misuse is caught. Taking a lock this
 * processor already holds would spin forever on Windows, so it bugchecks
 * SPIN_LOCK_ALREADY_OWNED; releasing a free lock SPIN_LOCK_NOT_OWNED.
 */
#include "ki.h"

static void KiTakeLock(PKSPIN_LOCK SpinLock, ULONG_PTR Caller)
{
    if (*SpinLock) {
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)SpinLock, *SpinLock,
                     Caller, 0);
    }
    *SpinLock = Caller | 1;
}

static void KiDropLock(PKSPIN_LOCK SpinLock, ULONG_PTR Caller)
{
    if (!*SpinLock) {
        KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)SpinLock, Caller, 0, 0);
    }
    *SpinLock = 0;
}

static void KiRequireDispatch(PKSPIN_LOCK SpinLock, ULONG_PTR Caller)
{
    if (KiIrql < DISPATCH_LEVEL) {
        KeBugCheckEx(IRQL_NOT_GREATER_OR_EQUAL, (ULONG_PTR)SpinLock, KiIrql,
                     0, Caller);
    }
}

VOID NTAPI KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
    *SpinLock = 0;
}

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

VOID NTAPI KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    ULONG_PTR caller = KiCaller();

    KiRequireDispatch(SpinLock, caller);
    KiTakeLock(SpinLock, caller);
}

VOID NTAPI KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    ULONG_PTR caller = KiCaller();

    KiRequireDispatch(SpinLock, caller);
    KiDropLock(SpinLock, caller);
}

BOOLEAN NTAPI KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    ULONG_PTR caller = KiCaller();

    KiRequireDispatch(SpinLock, caller);
    if (*SpinLock) {
        return FALSE;
    }
    *SpinLock = caller | 1;
    return TRUE;
}

BOOLEAN NTAPI KeTestSpinLock(PKSPIN_LOCK SpinLock)
{
    return *SpinLock == 0;
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

VOID NTAPI KeAcquireInStackQueuedSpinLockAtDpcLevel(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    ULONG_PTR caller = KiCaller();

    KiRequireDispatch(SpinLock, caller);
    LockHandle->Lock = SpinLock;
    LockHandle->OldIrql = KiIrql;
    KiTakeLock(SpinLock, caller);
}

VOID NTAPI KeReleaseInStackQueuedSpinLockFromDpcLevel(
    PKLOCK_QUEUE_HANDLE LockHandle)
{
    ULONG_PTR caller = KiCaller();

    KiRequireDispatch(LockHandle->Lock, caller);
    KiDropLock(LockHandle->Lock, caller);
}
