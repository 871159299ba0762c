/* SPDX-License-Identifier: MIT */
/*
 * The spin lock word of spinlock.c, shared with the routines that raise the
 * IRQL around it (irqllock.c). Taking a held lock, or dropping a free one,
 * bugchecks; Caller is the routine's caller, for the report.
 */
#ifndef KI_SPINLOCK_H
#define KI_SPINLOCK_H

#include "ki.h"

/* Spin locks this processor holds: what a verifier rule may ask (ntrt.h). */
extern ULONG KiSpinLocksHeld;

static inline void KiTakeLock(PKSPIN_LOCK SpinLock, ULONG_PTR Caller)
{
    if (*SpinLock) {
        KeBugCheckEx(SPIN_LOCK_ALREADY_OWNED, (ULONG_PTR)SpinLock, *SpinLock,
                     Caller, 0);
    }
    *SpinLock = Caller | 1;
    KiSpinLocksHeld++;
}

static inline void KiDropLock(PKSPIN_LOCK SpinLock, ULONG_PTR Caller)
{
    if (!*SpinLock) {
        KeBugCheckEx(SPIN_LOCK_NOT_OWNED, (ULONG_PTR)SpinLock, Caller, 0, 0);
    }
    *SpinLock = 0;
    KiSpinLocksHeld--;
}

#endif /* KI_SPINLOCK_H */
