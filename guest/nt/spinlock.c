/* SPDX-License-Identifier: MIT */
/*
 * Spin locks on one processor: raising the IRQL is what excludes others, the
 * lock word only records the holder so misuse is caught. Taking a lock this
 * processor already holds would spin forever on Windows, so it bugchecks
 * SPIN_LOCK_ALREADY_OWNED; releasing a free lock SPIN_LOCK_NOT_OWNED. Here
 * the lock word and the routines for callers already at DISPATCH_LEVEL or
 * above; the ones that raise and lower the IRQL are in irqllock.c.
 */
#include "spinlock.h"

ULONG KiSpinLocksHeld;

ULONG KiQuerySpinLocksHeld(VOID)
{
    return KiSpinLocksHeld;
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
    KiTakeLock(SpinLock, caller);
    return TRUE;
}

BOOLEAN NTAPI KeTestSpinLock(PKSPIN_LOCK SpinLock)
{
    return *SpinLock == 0;
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
